package dev.resilientio.core;

import dev.resilientio.annotations.LockMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plain-Java face of resilient-io: every helper runs on the same engine and configuration as
 * the annotations, with no weaving. Thread-safe.
 *
 * <p>Reads take a shared lock and retry transient errors; JSON reads recover from the newest valid
 * backup. Writes take an exclusive lock, retry, and replace the file atomically and durably,
 * keeping the configured backups. {@link #updateJson} reads, changes and writes under one exclusive
 * lock, so concurrent writers in threads and processes never lose an update. JSON goes through
 * Jackson 3 with an indenting default mapper; {@link #json(JsonMapper)} takes your own.
 *
 * <p>The kill switch {@code RESILIENT_IO_ENABLED=false} turns the annotations into pass-throughs;
 * these explicit calls keep their guarantees.
 */
public final class ResilientFiles {

    /* Each operation resolves its settings at its calls, so a bad value fails the call, not the class's initialisation. */
    private static volatile ResilientJson defaultJson;
    private static final FileOperation READ_TEXT = FileOperation.named("ResilientFiles.readText");
    private static final FileOperation WRITE_TEXT = FileOperation.named("ResilientFiles.writeText");
    private static final FileOperation ATOMIC_WRITE = FileOperation.named("ResilientFiles.atomicWrite");
    private static final FileOperation WITH_LOCK = FileOperation.named("ResilientFiles.withLock");

    private ResilientFiles() {
    }

    /**
     * Returns the JSON helpers for a caller's mapper, such as one with jackson-module-kotlin.
     *
     * @param mapper the mapper
     * @return the helpers; create once and reuse
     */
    public static ResilientJson json(JsonMapper mapper) {
        return new ResilientJson(mapper);
    }

    /**
     * Reads a JSON file under a shared lock, with retry and recovery from backups.
     *
     * @param file the file
     * @param type the value's class
     * @param <T> the value type
     * @return the value
     * @throws NoSuchFileException when the file does not exist
     * @throws FileCorruptionException when the file and all its backups are invalid
     * @throws IOException when reading fails after the retries
     */
    public static <T> T readJson(Path file, Class<T> type) throws IOException {
        return defaultJson().readJson(file, type);
    }

    /**
     * Reads a JSON file, or returns a default when it does not exist.
     *
     * @param file the file
     * @param type the value's class
     * @param defaultValue the value when the file does not exist
     * @param <T> the value type
     * @return the value, or {@code defaultValue}
     * @throws FileCorruptionException when the file and all its backups are invalid
     * @throws IOException when reading fails after the retries
     */
    public static <T> T readJson(Path file, Class<T> type, T defaultValue) throws IOException {
        return defaultJson().readJson(file, type, defaultValue);
    }

    /**
     * Writes a value as JSON atomically and durably under an exclusive lock, with retry and backups.
     *
     * @param file the file
     * @param value the value
     * @throws IOException when writing fails after the retries; the file is then unchanged
     */
    public static void writeJson(Path file, Object value) throws IOException {
        defaultJson().writeJson(file, value);
    }

    /**
     * Reads, changes and writes a JSON file under one exclusive lock; see
     * {@link ResilientJson#updateJson(Path, Class, Object, UnaryOperator)}.
     *
     * @param file the file
     * @param type the value's class
     * @param initial the value to change when the file does not exist
     * @param change computes the new value from the current one; may run again on a retry
     * @param <T> the value type
     * @return the new value, as written
     * @throws IOException when reading or writing fails after the retries; the file is then unchanged
     */
    public static <T> T updateJson(Path file, Class<T> type, T initial, UnaryOperator<T> change) throws IOException {
        return defaultJson().updateJson(file, type, initial, change);
    }

    /**
     * Reads a UTF-8 text file under a shared lock, with retry.
     *
     * @param file the file
     * @return the text
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when reading fails after the retries
     */
    public static String readText(Path file) throws IOException {
        return READ_TEXT.readPlain(file, resolved -> Files.readString(resolved, StandardCharsets.UTF_8));
    }

    /**
     * Reads a UTF-8 text file, or returns a default when it does not exist.
     *
     * @param file the file
     * @param defaultValue the text when the file does not exist
     * @return the text, or {@code defaultValue}
     * @throws IOException when reading fails after the retries
     */
    public static String readText(Path file, String defaultValue) throws IOException {
        try {
            return readText(file);
        } catch (NoSuchFileException missing) {
            return defaultValue;
        }
    }

    /**
     * Writes UTF-8 text atomically and durably under an exclusive lock, with retry and backups.
     *
     * @param file the file
     * @param text the text
     * @throws IOException when writing fails after the retries; the file is then unchanged
     */
    public static void writeText(Path file, String text) throws IOException {
        WRITE_TEXT.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code @AtomicWrite} as a call: the callback writes to a temp file, which then replaces the
     * target atomically and durably, with the configured backups. No lock and no retry are added.
     *
     * @param file the file to replace
     * @param writeTo writes the new content to the path it is given
     * @throws IOException when the callback or the commit fails; the file is then unchanged
     */
    public static void atomicWrite(Path file, IoConsumer<Path> writeTo) throws IOException {
        ATOMIC_WRITE.atomicWrite(file, writeTo);
    }

    /**
     * {@code @FileLocked} as a call: runs work holding a lock on a file, waiting up to the
     * configured timeout. No retry is added.
     *
     * @param file the file
     * @param mode shared or exclusive
     * @param body the work
     * @param <T> the result type
     * @return the work's result
     * @throws FileLockTimeoutException when the lock is not granted in time
     * @throws IOException when the work or the lock fails
     */
    public static <T> T withLock(Path file, LockMode mode, IoSupplier<T> body) throws IOException {
        return WITH_LOCK.withLock(file, mode, body);
    }

    private static ResilientJson defaultJson() {
        ResilientJson json = defaultJson;
        if (json == null) {
            json = new ResilientJson(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build());
            defaultJson = json;
        }
        return json;
    }
}
