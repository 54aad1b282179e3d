package dev.resilientio.core;

import java.io.IOException;

/**
 * A piece of file work that takes a value and may throw {@link IOException}, such as writing to a
 * temp file.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface IoConsumer<T> {

    /**
     * Runs the work.
     *
     * @param value the argument
     * @throws IOException when the work fails
     */
    void accept(T value) throws IOException;
}
