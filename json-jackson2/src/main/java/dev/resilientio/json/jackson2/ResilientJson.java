package dev.resilientio.json.jackson2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.resilientio.core.FileCorruptionException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * JSON files on the resilient-io engine, through Jackson 2, with an indenting default mapper (no
 * modules registered: pass your own mapper for {@code java.time} types or Kotlin data classes):
 * reads take a shared lock, retry transient errors and recover from the newest valid backup;
 * writes take an exclusive lock, retry, and replace the file atomically and durably, keeping the
 * configured backups; {@link #updateJson} reads, changes and writes under one exclusive lock, so
 * concurrent writers in threads and processes never lose an update. {@link #with(ObjectMapper)} gives
 * the same on your own mapper. Thread-safe. The same as {@code dev.resilientio.json.ResilientJson} of
 * {@code resilient-io-json}, for applications that have Jackson 2 only; no Jackson 3 comes with it.
 *
 * <p>The operation names, for per-operation settings and in log lines, are
 * {@code ResilientJson.readJson}, {@code ResilientJson.writeJson} and {@code ResilientJson.updateJson}
 * ({@code RESILIENT_IO_RESILIENTJSON_UPDATEJSON_LOCK_TIMEOUT=30s}). The kill switch
 * {@code RESILIENT_IO_ENABLED=false} concerns annotations only: these calls keep their guarantees.
 * Jackson 2's parse errors are {@code IOException}s; they are taken for corrupt content (recovered
 * from a backup), never for a transient error to retry.
 */
public final class ResilientJson {

    private static final JsonFiles DEFAULT =
            new JsonFiles(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build());

    private ResilientJson() {
    }

    /**
     * Returns the JSON helpers on your own mapper, such as Spring Boot's, with the modules it registered.
     *
     * @param mapper the mapper
     * @return the helpers, thread-safe; create once per mapper and reuse
     */
    public static JsonFiles with(ObjectMapper mapper) {
        return new JsonFiles(mapper);
    }

    /**
     * Reads a JSON file under a shared lock, with retry and recovery from backups.
     *
     * @param file the file
     * @param type the value's class
     * @param <T> the value type
     * @return the value
     * @throws NoSuchFileException when the file does not exist
     * @throws FileCorruptionException when the file and all its backups are invalid (JSON {@code null} included)
     * @throws IOException when reading fails after the retries
     */
    public static <T> T readJson(Path file, Class<T> type) throws IOException {
        return DEFAULT.readJson(file, type);
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
    public static <T> T readJson(Path file, Class<T> type, T defaultValue) throws IOException {
        return DEFAULT.readJson(file, type, defaultValue);
    }

    /**
     * Writes a value as indented JSON atomically and durably under an exclusive lock, with retry and
     * the configured backups; the value is serialised before the lock is taken.
     *
     * @param file the file
     * @param value the value
     * @throws IOException when writing fails after the retries; the file is then unchanged
     */
    public static void writeJson(Path file, Object value) throws IOException {
        DEFAULT.writeJson(file, value);
    }

    /**
     * Reads, changes and writes a JSON file under ONE exclusive lock; see
     * {@link JsonFiles#updateJson(Path, Class, Object, UnaryOperator)}.
     *
     * @param file the file
     * @param type the value's class
     * @param initial the value to change when the file does not exist
     * @param change computes the new value from the current one; runs again on a fresh read when retried
     * @param <T> the value type
     * @return the new value, as written
     * @throws FileCorruptionException when the file and all its backups are invalid
     * @throws IOException when reading or writing fails after the retries; the file is then unchanged
     */
    public static <T> T updateJson(Path file, Class<T> type, T initial, UnaryOperator<T> change) throws IOException {
        return DEFAULT.updateJson(file, type, initial, change);
    }
}
