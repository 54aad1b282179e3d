package dev.resilientio.core;

/**
 * A piece of work that returns a value and may throw {@code X}; the engine rethrows whatever it
 * throws unchanged.
 *
 * @param <T> the result type
 * @param <X> the checked exception it may throw
 */
@FunctionalInterface
public interface ThrowingSupplier<T, X extends Throwable> {

    /**
     * Runs the work.
     *
     * @return the result
     * @throws X when the work fails
     */
    T get() throws X;
}
