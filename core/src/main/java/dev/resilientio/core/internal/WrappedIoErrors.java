package dev.resilientio.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Finds the IO error that a library or the JDK wrapped in another exception, so that retry
 * classifies the wrapper by the IO error inside it and {@code Files.write} and
 * {@code mapper.writeValue(file, x)} are retried alike. Stateless and thread-safe.
 *
 * <p>Wrappers: {@link UncheckedIOException}, {@link CompletionException}, {@link ExecutionException},
 * {@link UndeclaredThrowableException}, {@link InvocationTargetException}, Jackson 3's
 * {@code tools.jackson.core.exc.JacksonIOException} and Jackson 2's
 * {@code com.fasterxml.jackson.databind.JsonMappingException}, each with their subclasses. The two
 * Jackson types are recognised by class name, so core needs neither Jackson, and also under a
 * relocated package (a shaded copy, such as the agent's), whose name ends the same way.
 *
 * <p>Unwrapping follows causes through wrappers only, at most 8 deep, and stops at
 * the first {@code IOException} that is not itself a wrapper. A wrapper with no IO error inside
 * stays as it is. Jackson 2's {@code JsonMappingException} is an {@code IOException} itself, but
 * one that says the content or the mapping is wrong; only an IO error inside makes it one to
 * classify.
 *
 * <p>Not a wrapper: any other exception that merely has an {@code IOException} as its cause, such
 * as a {@code RuntimeException} or an {@code IllegalStateException} built around one. Code that
 * catches an IO error and throws something else has decided what it means (often a bug, or a state
 * its caller must handle), and retrying it would hide that decision.
 */
public final class WrappedIoErrors {

    /** Wrappers passed through before giving up; a deeper chain is not a library's wrapping. */
    private static final int MAX_DEPTH = 8;

    /** Ends of the Jackson wrappers' names, with the dot before them, so that a relocated copy matches too. */
    private static final String JACKSON_3_IO = ".jackson.core.exc.JacksonIOException";
    private static final String JACKSON_2_MAPPING = ".jackson.databind.JsonMappingException";

    private WrappedIoErrors() {
    }

    /**
     * Returns the IO error inside a wrapper, through nested wrappers.
     *
     * @param failure any failure
     * @return the innermost IO error that is not a wrapper, or {@code null} when {@code failure} is
     *     not a wrapper or holds no IO error
     */
    public static IOException ioErrorInside(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; depth < MAX_DEPTH && isWrapper(current); depth++) {
            Throwable cause = current.getCause();
            if (cause == null || cause == current) {
                return null;
            }
            if (cause instanceof IOException && !isWrapper(cause)) {
                return (IOException) cause;
            }
            current = cause;
        }
        return null;
    }

    /**
     * Tells whether a failure is of a wrapper type, whatever it holds.
     *
     * @param failure any failure
     * @return {@code true} for the wrapper types listed on this class
     */
    public static boolean isWrapper(Throwable failure) {
        if (failure instanceof UncheckedIOException || failure instanceof CompletionException
                || failure instanceof ExecutionException || failure instanceof UndeclaredThrowableException
                || failure instanceof InvocationTargetException) {
            return true;
        }
        for (Class<?> type = failure.getClass(); type != Throwable.class; type = type.getSuperclass()) {
            String name = type.getName();
            if (name.endsWith(JACKSON_3_IO) || name.endsWith(JACKSON_2_MAPPING)) {
                return true;
            }
        }
        return false;
    }
}
