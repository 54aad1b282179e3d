package dev.resilientio.json.jackson2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientio.core.FileCorruptionException;
import dev.resilientio.core.FileOperation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * JSON files read and written with one Jackson 2 {@link ObjectMapper} on the resilient-io engine:
 * shared lock, retry and recovery from backups for reads; exclusive lock, retry, atomic durable
 * write and the configured backups for writes; read-modify-write under one exclusive lock. Get one
 * from {@link ResilientJson#with(ObjectMapper)}; {@link ResilientJson}'s static methods are the same
 * on an indenting default mapper.
 *
 * <p>Thread-safe, as a configured {@code ObjectMapper} is; create one per mapper and reuse it. The lock,
 * retry and atomic-write settings are those of the operations {@code ResilientJson.readJson},
 * {@code ResilientJson.writeJson} and {@code ResilientJson.updateJson} in the JVM's configuration at
 * each call (for example {@code RESILIENT_IO_RESILIENTJSON_UPDATEJSON_LOCK_TIMEOUT=30s}).
 *
 * <p>Jackson 2 reports bad content as {@code IOException}s ({@link JsonProcessingException}); a file
 * that does not parse is corrupt, recovered from a backup and never retried, and a value that cannot
 * be serialised fails at once, also without a retry.
 */
public final class JsonFiles {

    private static final FileOperation READ = FileOperation.named("ResilientJson.readJson");
    private static final FileOperation WRITE = FileOperation.named("ResilientJson.writeJson");
    private static final FileOperation UPDATE = FileOperation.named("ResilientJson.updateJson");

    private final ObjectMapper mapper;

    JsonFiles(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Reads a JSON file under a shared lock, with retry and recovery from backups: when the file does
     * not parse, or holds JSON {@code null}, the newest backup that parses is read instead (logged at WARN).
     *
     * @param file the file
     * @param type the value's class
     * @param <T> the value type
     * @return the value
     * @throws NoSuchFileException when the file does not exist
     * @throws FileCorruptionException when the file and all its backups are invalid
     * @throws IOException when reading fails after the retries
     */
    public <T> T readJson(Path file, Class<T> type) throws IOException {
        Objects.requireNonNull(type, "type");
        return READ.read(file, in -> parse(in, type));
    }

    /**
     * Reads a JSON file like {@link #readJson(Path, Class)}, or returns a default when it does not exist.
     *
     * @param file the file
     * @param type the value's class
     * @param defaultValue the value when the file does not exist
     * @param <T> the value type
     * @return the value, or {@code defaultValue}
     * @throws FileCorruptionException when the file and all its backups are invalid
     * @throws IOException when reading fails after the retries
     */
    public <T> T readJson(Path file, Class<T> type, T defaultValue) throws IOException {
        try {
            return readJson(file, type);
        } catch (NoSuchFileException missing) {
            return defaultValue;
        }
    }

    /**
     * Writes a value as JSON atomically and durably under an exclusive lock, with retry and the
     * configured backups. The value is serialised first, so one that cannot be written fails with
     * Jackson's exception before the file or its lock is touched.
     *
     * @param file the file
     * @param value the value
     * @throws IOException when writing fails after the retries; the file is then unchanged
     */
    public void writeJson(Path file, Object value) throws IOException {
        WRITE.write(file, mapper.writeValueAsBytes(value));
    }

    /**
     * Reads, changes and writes a JSON file under ONE exclusive lock, so that concurrent updates
     * from threads and processes are never lost. The read recovers from backups like
     * {@link #readJson(Path, Class)}. On a retry the change runs again on a fresh read, so it should
     * only compute the new value from the one it is given. Threads of this JVM updating the same file
     * at the same time are committed together ({@link FileOperation#update group
     * commit}): the change may run on another of those threads, and this call returns once its own
     * change is durable, with the value after it.
     *
     * @param file the file
     * @param type the value's class
     * @param initial the value to change when the file does not exist
     * @param change computes the new value from the current one
     * @param <T> the value type
     * @return the new value, as written
     * @throws FileCorruptionException when the file and all its backups are invalid
     * @throws IOException when reading or writing fails after the retries; the file is then unchanged
     */
    public <T> T updateJson(Path file, Class<T> type, T initial, UnaryOperator<T> change) throws IOException {
        Objects.requireNonNull(type, "type");
        try {
            return UPDATE.update(file, in -> parse(in, type), initial, change, this::serialize);
        } catch (UnwritableValue unwritable) {
            throw unwritable.failure;
        }
    }

    /** Parses from the stream, so that a file is never in memory twice, as bytes and as its value. */
    private <T> T parse(InputStream in, Class<T> type) throws IOException {
        T value = mapper.readValue(in, type);
        if (value == null) {
            throw new IOException("the file holds JSON null, not a value");
        }
        return value;
    }

    /**
     * Serialises a value under the lock of an update. Jackson 2's failure is an {@code IOException}, which
     * the retry would take for a transient IO error; no attempt can write this value, so it leaves the
     * retry unchecked and is thrown as Jackson's own exception.
     */
    private byte[] serialize(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException unwritable) {
            throw new UnwritableValue(unwritable);
        }
    }

    /**
     * Carries Jackson's serialisation failure out of the retry of an update. Not as its cause: a retry
     * that looks through causes would find an {@code IOException} there.
     */
    private static final class UnwritableValue extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final JsonProcessingException failure;

        UnwritableValue(JsonProcessingException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }
}
