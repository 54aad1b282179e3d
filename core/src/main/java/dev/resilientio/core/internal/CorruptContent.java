package dev.resilientio.core.internal;

import dev.resilientio.core.FileCorruptionException;
import java.io.EOFException;
import java.nio.charset.CharacterCodingException;
import java.util.List;

/**
 * Tells a failure that says a file's content is corrupt (a retry cannot fix it; a backup may) from
 * one that says reading it failed. Stateless and thread-safe.
 *
 * <p>Corrupt: {@link FileCorruptionException}, {@link EOFException} (content cut short),
 * {@link CharacterCodingException} (such as {@code MalformedInputException}), and the parse and
 * binding errors of Jackson 3 ({@code tools.jackson.core.exc.StreamReadException},
 * {@code tools.jackson.databind.DatabindException}) and Jackson 2
 * ({@code com.fasterxml.jackson.core.JsonProcessingException}, which Jackson 2's
 * {@code StreamReadException}, {@code JsonParseException} and {@code DatabindException} extend),
 * each with their subclasses. The Jackson types are recognised by the names in their class
 * hierarchy, so core needs neither Jackson, and also under a relocated package whose name ends the
 * same way. Any of these inside the wrappers {@link WrappedIoErrors} knows counts too, nested up to
 * 8 deep; but a Jackson 2 mapping error with an IO error inside is that IO error, not corruption.
 *
 * <p>Not corrupt, though Jackson files them under the same types: {@linkplain #isMappingMistake the
 * errors that say the code is wrong}, such as a type Jackson cannot build, whatever the file holds.
 */
public final class CorruptContent {

    private static final int MAX_DEPTH = 8;

    /** Ends of the Jackson types' names, with the dot before them, so that a relocated copy matches too. */
    private static final List<String> JACKSON_CONTENT_ERRORS = List.of(
            ".jackson.core.exc.StreamReadException",
            ".jackson.databind.DatabindException",
            ".jackson.core.JsonProcessingException");

    /**
     * Ends of the Jackson types that say the mapping code is wrong, not the content: a type it cannot
     * build (no creator, a bad annotation) or a value it cannot write. Every backup would fail alike.
     */
    private static final List<String> JACKSON_MAPPING_MISTAKES = List.of(
            ".jackson.databind.exc.InvalidDefinitionException",
            ".jackson.core.exc.StreamWriteException",
            ".jackson.core.JsonGenerationException");

    private CorruptContent() {
    }

    /**
     * Tells whether a failure, or a failure that a known wrapper holds, says the content is corrupt.
     *
     * @param failure any failure
     * @return {@code true} for the corrupt-content types listed on this class
     */
    public static boolean isCorrupt(Throwable failure) {
        return isCorrupt(failure, List.of());
    }

    /**
     * Tells whether a failure says the content is corrupt, counting a caller's own types too.
     *
     * @param failure any failure
     * @param alsoCorrupt more types that mean corrupt content (their subclasses too); may be empty
     * @return {@code true} when the failure, or one a wrapper holds, is of a corrupt-content type
     */
    public static boolean isCorrupt(Throwable failure, List<Class<? extends Throwable>> alsoCorrupt) {
        Throwable current = failure;
        for (int depth = 0; depth < MAX_DEPTH && current != null; depth++) {
            if (isCorruptItself(current, alsoCorrupt)) {
                return true;
            }
            if (!WrappedIoErrors.isWrapper(current) || current.getCause() == current) {
                return false;
            }
            current = current.getCause();
        }
        return false;
    }

    /**
     * Tells whether a failure, or a failure that a known wrapper holds, is a Jackson error that says the
     * mapping code is wrong (an invalid type definition, a value it cannot write): no backup and no
     * retry can fix it.
     *
     * @param failure any failure
     * @return {@code true} for Jackson 2's and 3's definition and generation errors
     */
    public static boolean isMappingMistake(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; depth < MAX_DEPTH && current != null; depth++) {
            if (hasTypeEndingIn(current, JACKSON_MAPPING_MISTAKES)) {
                return true;
            }
            if (!WrappedIoErrors.isWrapper(current) || current.getCause() == current) {
                return false;
            }
            current = current.getCause();
        }
        return false;
    }

    private static boolean isCorruptItself(Throwable failure, List<Class<? extends Throwable>> alsoCorrupt) {
        for (Class<? extends Throwable> type : alsoCorrupt) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        if (failure instanceof FileCorruptionException || failure instanceof EOFException
                || failure instanceof CharacterCodingException) {
            return true;
        }
        if (WrappedIoErrors.ioErrorInside(failure) != null) {
            // A Jackson 2 mapping error around an IO error reports that IO error, which decides.
            return false;
        }
        return !hasTypeEndingIn(failure, JACKSON_MAPPING_MISTAKES) && hasTypeEndingIn(failure, JACKSON_CONTENT_ERRORS);
    }

    /** Whether the failure's class or a superclass has a name ending in one of these. */
    private static boolean hasTypeEndingIn(Throwable failure, List<String> ends) {
        for (Class<?> type = failure.getClass(); type != null && type != Throwable.class; type = type.getSuperclass()) {
            String name = type.getName();
            for (String end : ends) {
                if (name.endsWith(end)) {
                    return true;
                }
            }
        }
        return false;
    }
}
