package dev.resilientio.core.weaving;

/**
 * The original body of a woven method, as the weaver hands it over.
 */
@FunctionalInterface
public interface Invocation {

    /**
     * Runs the method's own body.
     *
     * @param arguments the arguments to run it with; the same array, or a copy with the target
     *     file replaced by the temp file
     * @return the body's result ({@code null} for {@code void})
     * @throws Throwable whatever the body throws
     */
    Object proceed(Object[] arguments) throws Throwable;
}
