package dev.resilientio.core;

import java.io.IOException;

/**
 * A function that may throw {@link IOException}, such as parsing a file's bytes.
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface IoFunction<A, R> {

    /**
     * Applies the function.
     *
     * @param value the argument
     * @return the result
     * @throws IOException when it fails
     */
    R apply(A value) throws IOException;
}
