package dev.resilientio.core;

import java.io.IOException;

/**
 * A piece of file work that returns a value and may throw {@link IOException}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface IoSupplier<T> extends ThrowingSupplier<T, IOException> {

    /**
     * Runs the work.
     *
     * @return the result
     * @throws IOException when the work fails
     */
    @Override
    T get() throws IOException;
}
