package dev.resilientio.core;

import dev.resilientio.annotations.LockMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A named operation on the engine, for helpers built on resilient-io (the JSON modules are): reads
 * through a parser with recovery from backups, writes of whole contents, and read-modify-write under
 * one lock, each with the lock, retry and atomic-write settings of its operation name. Thread-safe;
 * create one per operation name and reuse it.
 *
 * <p>The settings are those of the JVM's configuration at each call, so {@link ResilientIoConfig#reload()}
 * applies from the next call, as it does for annotated methods.
 */
public final class FileOperation {

    private final String name;

    private FileOperation(String name) {
        this.name = name;
    }

    /**
     * Returns the operation of a name, such as {@code ResilientJson.updateJson}; it keys the
     * per-operation variables ({@code RESILIENT_IO_RESILIENTJSON_UPDATEJSON_LOCK_TIMEOUT}) and the logs.
     *
     * @param name the operation name, not blank
     * @return the operation
     * @throws ResilientIoConfigException when the name is blank
     */
    public static FileOperation named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new ResilientIoConfigException("FileOperation.named('" + name + "') is not allowed: give the operation"
                    + " a name, such as \"TaskStore.save\"");
        }
        return new FileOperation(name);
    }

    /**
     * Returns the operation name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Reads a file under a shared lock, with retry, through a parser that validates it; when the
     * parser fails, the newest backup it accepts is read instead (logged at WARN).
     *
     * @param file the file
     * @param parser reads the value from the stream it is given (it need not close it); throws when the content is invalid
     * @param <T> the value type
     * @return the value
     * @throws NoSuchFileException when the file does not exist
     * @throws FileCorruptionException when the file and every backup fail to parse
     * @throws IOException when reading fails after the retries
     */
    public <T> T read(Path file, IoFunction<InputStream, T> parser) throws IOException {
        Objects.requireNonNull(parser, "parser");
        FacadeOperation op = FacadeOperation.current(name);
        return op.retry().call(file, () -> FileLocks.withLock(file, LockMode.SHARED, op.lockTimeout(),
                () -> RecoveringReader.readFrom(file, parser).value()));
    }

    /**
     * Replaces a file's content atomically and durably under an exclusive lock, with retry and the
     * configured backups.
     *
     * @param file the file
     * @param content the new content
     * @throws IOException when writing fails after the retries; the file is then unchanged
     */
    public void write(Path file, byte[] content) throws IOException {
        Objects.requireNonNull(content, "content");
        FacadeOperation op = FacadeOperation.current(name);
        op.retry().call(file, () -> FileLocks.withLock(file, LockMode.EXCLUSIVE, op.lockTimeout(), () -> {
            AtomicFileWriter.writeBytes(file, op.atomic(), content);
            return null;
        }));
    }

    /**
     * Reads, changes and writes a file under ONE exclusive lock, so that concurrent updates from
     * threads and processes are never lost. The read recovers from backups like {@link #read}; a
     * value recovered from a backup is written without rotating the corrupt file into the backups.
     * On a retry the change runs again on a fresh read.
     *
     * @param file the file
     * @param parser reads the current value
     * @param initial the value to change when the file does not exist
     * @param change computes the new value from the current one
     * @param serializer turns the new value into the file's content
     * @param <T> the value type
     * @return the new value, as written
     * @throws FileCorruptionException when the file and all its backups are invalid
     * @throws IOException when reading or writing fails after the retries; the file is then unchanged
     */
    public <T> T update(Path file, IoFunction<InputStream, T> parser, T initial, UnaryOperator<T> change,
            IoFunction<? super T, byte[]> serializer) throws IOException {
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(serializer, "serializer");
        FacadeOperation op = FacadeOperation.current(name);
        return op.retry().call(file, () -> FileLocks.withLock(file, LockMode.EXCLUSIVE, op.lockTimeout(), () -> {
            T current;
            AtomicSettings atomic = op.atomic();
            try {
                RecoveringReader.Source<T> read = RecoveringReader.readFrom(file, parser);
                current = read.value();
                if (read.recovered()) {
                    // The corrupt file must not be rotated into the backups, pushing a good one out.
                    atomic = atomic.withBackups(0);
                }
            } catch (NoSuchFileException missing) {
                current = initial;
            }
            T next = change.apply(current);
            AtomicFileWriter.writeBytes(file, atomic, serializer.apply(next));
            return next;
        }));
    }
}
