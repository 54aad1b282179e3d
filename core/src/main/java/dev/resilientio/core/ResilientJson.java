package dev.resilientio.core;

import dev.resilientio.core.config.ResilientIoConfig;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON files read and written with a caller's {@link JsonMapper} on the resilient engine: shared
 * lock, retry and recovery from backups for reads; exclusive lock, retry, atomic durable write and
 * backups for writes; read-modify-write under one exclusive lock. Thread-safe; create one per
 * mapper and reuse it. {@link ResilientFiles} offers the same with a default mapper.
 *
 * <p>Configuration comes from {@link ResilientIoConfig}; the operation names for per-operation
 * variables are {@code ResilientFiles.readJson}, {@code ResilientFiles.writeJson} and
 * {@code ResilientFiles.updateJson} (for example {@code RESILIENT_IO_RESILIENTFILES_UPDATEJSON_LOCK_TIMEOUT}).
 */
public final class ResilientJson {

    private final JsonMapper mapper;
    private final FileOperation read;
    private final FileOperation write;
    private final FileOperation update;

    /**
     * Creates the JSON helpers with the JVM's configuration.
     *
     * @param mapper the mapper; Kotlin data classes need jackson-module-kotlin registered on it
     */
    public ResilientJson(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.read = FileOperation.named("ResilientFiles.readJson");
        this.write = FileOperation.named("ResilientFiles.writeJson");
        this.update = FileOperation.named("ResilientFiles.updateJson");
    }

    /**
     * Creates the JSON helpers with a given configuration.
     *
     * @param mapper the mapper
     * @param config the configuration
     */
    public ResilientJson(JsonMapper mapper, ResilientIoConfig config) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.read = FileOperation.named("ResilientFiles.readJson", config);
        this.write = FileOperation.named("ResilientFiles.writeJson", config);
        this.update = FileOperation.named("ResilientFiles.updateJson", config);
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
    public <T> T readJson(Path file, Class<T> type) throws IOException {
        JavaType javaType = mapper.constructType(type);
        return read.read(file, in -> parse(in, javaType));
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
     * configured backups.
     *
     * @param file the file
     * @param value the value
     * @throws IOException when writing fails after the retries; the file is then unchanged
     */
    public void writeJson(Path file, Object value) throws IOException {
        byte[] content = mapper.writeValueAsBytes(value);
        write.write(file, content);
    }

    /**
     * Reads, changes and writes a JSON file under ONE exclusive lock, so that concurrent updates
     * from threads and processes are never lost. On a retry the change runs again on a fresh read,
     * so it should only compute the new value from the one it is given.
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
        JavaType javaType = mapper.constructType(type);
        return update.update(file, in -> parse(in, javaType), initial, change, mapper::writeValueAsBytes);
    }

    private <T> T parse(java.io.InputStream in, JavaType type) throws IOException {
        T value = mapper.readValue(in, type);
        if (value == null) {
            throw new IOException("the file holds no JSON value");
        }
        return value;
    }
}
