package dev.resilientio.core;

import dev.resilientio.annotations.LockMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The plain-Java face of resilient-io: every helper runs on the same engine and configuration as
 * the annotations, with no weaving. Thread-safe.
 *
 * <p>Reads take a shared lock and retry transient errors. Writes take an exclusive lock, retry, and
 * replace the file atomically and durably, keeping the configured backups. JSON files are the
 * {@code ResilientJson} helpers of {@code resilient-io-json} (Jackson 3) or
 * {@code resilient-io-json-jackson2} (Jackson 2), on this engine through {@link FileOperation}.
 *
 * <p>The kill switch {@code RESILIENT_IO_ENABLED=false} turns the annotations into pass-throughs;
 * these explicit calls keep their guarantees.
 *
 * <p>The plain API's calls take part in circuit breakers through their operation names
 * ({@code ResilientFiles.readText}, {@code ResilientFiles.writeText}, {@code ResilientFiles.atomicWrite},
 * {@code ResilientFiles.withLock}): {@code RESILIENT_IO_RESILIENTFILES_WRITETEXT_CIRCUIT_BREAKER=tasks-share}
 * passes each attempt of {@code writeText} through the breaker {@code tasks-share}; see
 * {@link FileOperation#withCircuitBreaker(String)}.
 */
public final class ResilientFiles {

    /* Each operation resolves its settings at its calls, so a bad value fails the call, not the class's initialisation. */
    private static final FileOperation READ_TEXT = FileOperation.named("ResilientFiles.readText");
    private static final FileOperation WRITE_TEXT = FileOperation.named("ResilientFiles.writeText");
    private static final FileOperation ATOMIC_WRITE = FileOperation.named("ResilientFiles.atomicWrite");
    private static final FileOperation WITH_LOCK = FileOperation.named("ResilientFiles.withLock");

    private ResilientFiles() {
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

}
