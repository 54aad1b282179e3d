package dev.resilientio.core;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.atomic.AtomicWriteSession;
import dev.resilientio.core.atomic.RecoveringReader;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.config.SettingOverrides;
import dev.resilientio.core.pipeline.Call;
import dev.resilientio.core.pipeline.Pipeline;
import dev.resilientio.core.rules.BreakerRules;
import dev.resilientio.core.rules.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A named operation on the engine, for helpers built on resilient-io (the JSON modules are): reads
 * through a parser with recovery from backups, writes of whole contents, and read-modify-write under
 * one lock, each with the lock, retry and atomic-write settings of its operation name. Thread-safe;
 * create one per operation name and reuse it.
 *
 * <p>Its settings come from the configuration snapshot of each call, so a
 * {@link ResilientIoConfig#reload()} applies from the next call, as for annotated methods.
 *
 * <p>The plain API's calls take part in circuit breakers through their operation names: with
 * {@code RESILIENT_IO_<NAME>_CIRCUIT_BREAKER=tasks-share} (such as
 * {@code RESILIENT_IO_RESILIENTJSON_UPDATEJSON_CIRCUIT_BREAKER}), or in code with
 * {@link #withCircuitBreaker(String)}, each attempt of the operation's calls passes through the
 * breaker {@code tasks-share}, shared with every method and operation that names it.
 */
public final class FileOperation {

    private final String name;
    /** A fixed configuration, or {@code null} for the JVM's at each call. */
    private final ResilientIoConfig config;
    /** The breaker named in code ({@link #withCircuitBreaker}), or {@code null}. */
    private final String circuitBreaker;
    private volatile Pipelines pipelines;

    private FileOperation(String name, ResilientIoConfig config) {
        this(name, config, null);
    }

    private FileOperation(String name, ResilientIoConfig config, String circuitBreaker) {
        this.name = name;
        this.config = config;
        this.circuitBreaker = circuitBreaker;
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
        return new FileOperation(checkedName(name), null);
    }

    /**
     * Returns the operation of a name with a fixed configuration instead of the JVM's at each call,
     * for tests and tools.
     *
     * @param name the operation name, not blank
     * @param config the configuration it always uses
     * @return the operation
     * @throws ResilientIoConfigException when the name is blank
     */
    public static FileOperation named(String name, ResilientIoConfig config) {
        return new FileOperation(checkedName(name), Objects.requireNonNull(config, "config"));
    }

    private static String checkedName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new ResilientIoConfigException("FileOperation.named('" + name + "') is not allowed: give the operation"
                    + " a name, such as \"TaskStore.save\"");
        }
        return name;
    }

    /**
     * Returns this operation with its calls passing through a circuit breaker, the JVM's one of that
     * name, as {@code @FileCircuitBreaker(name = ...)} does for a method: each attempt passes
     * through it, and an open breaker fails a call at once with {@link FileCircuitOpenException}.
     * The per-operation setting {@code RESILIENT_IO_<NAME>_CIRCUIT_BREAKER} (or
     * {@code resilientio.<name>.circuit-breaker}) names a breaker without code and wins over this one.
     *
     * @param breaker the breaker's name, not blank, such as {@code tasks-share}; its settings come from
     *     {@code RESILIENT_IO_<BREAKER>_CIRCUIT_BREAKER_...}, then the global ones
     * @return a new operation of the same name and configuration; this one is unchanged
     * @throws ResilientIoConfigException when the name is blank
     */
    public FileOperation withCircuitBreaker(String breaker) {
        String checked = BreakerRules.parseName("FileOperation.withCircuitBreaker(name)", Objects.requireNonNull(breaker, "breaker"));
        return new FileOperation(name, config, checked);
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
        return run(new Call(pipelines().read, file, null) {
            @Override
            protected Object body() throws IOException {
                return RecoveringReader.readFrom(resolvedTarget(), parser, name).value();
            }
        });
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
        run(new Call(pipelines().write, file, file) {
            @Override
            protected Object body() throws IOException {
                writeWhole(this, content);
                return null;
            }
        });
    }

    /**
     * Reads, changes and writes a file under ONE exclusive lock, so that concurrent updates from
     * threads and processes are never lost. The read recovers from backups like {@link #read}; a
     * value recovered from a backup is written without rotating the corrupt file into the backups.
     * On a retry the change runs again on a fresh read.
     *
     * <p>Updates of one file that threads of this JVM ask for at the same time through the same
     * operation are committed together (group commit): while one thread writes, the others' changes
     * queue, and the next thread to write applies them in order, each with its own parser, change
     * and serializer, to one read of the file, then makes them durable with one write and one
     * commit. So a change may run on another thread of this JVM that updates the same file. Each
     * caller returns only once the write that holds its change is committed (durable, with fsync),
     * with the value after its own change, as if the updates had run one after another; a change
     * that throws fails its own caller only. A thread that holds an engine lock or is inside
     * another retrying call updates alone, as does every update of an operation that keeps failed
     * content ({@code keepFailed}).
     *
     * @param file the file
     * @param parser reads the current value
     * @param initial the value to change when the file does not exist
     * @param change computes the new value from the current one; it should only do that, since it may
     *     run on another thread and run again on a retry
     * @param serializer turns the new value into the file's content
     * @param <T> the value type
     * @return the new value, as written
     * @throws FileCorruptionException when the file and all its backups are invalid
     * @throws java.io.InterruptedIOException when the thread is interrupted while its change waits
     *     for other threads' updates of the file and was not taken yet; the file is then unchanged
     *     by this call
     * @throws IOException when reading or writing fails after the retries; the file is then unchanged
     */
    public <T> T update(Path file, IoFunction<InputStream, T> parser, T initial, UnaryOperator<T> change,
            IoFunction<? super T, byte[]> serializer) throws IOException {
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(serializer, "serializer");
        return GroupCommit.update(pipelines().write, name, file, parser, initial, change, serializer);
    }

    /** One update run alone, as its own call through the write pipeline: read, change, serialise, write. */
    static <T> Call updateAlone(Pipeline write, String name, Path file, IoFunction<InputStream, T> parser, T initial,
            UnaryOperator<T> change, IoFunction<? super T, byte[]> serializer) {
        return new Call(write, file, file) {
            @Override
            protected Object body() throws IOException {
                AtomicWriteSession session = session();
                T current;
                try {
                    RecoveringReader.Source<T> read = RecoveringReader.readFrom(resolvedTarget(), parser, name);
                    current = read.value();
                    if (read.recovered() && session != null) {
                        // The corrupt file must not be rotated into the backups, pushing a good one out.
                        session.skipBackups();
                    }
                } catch (NoSuchFileException missing) {
                    current = initial;
                }
                T next = change.apply(current);
                writeWhole(this, serializer.apply(next));
                return next;
            }
        };
    }

    /** A read under a shared lock, with retry, without recovery: a text read has no parser to tell corrupt content. */
    <T> T readPlain(Path file, IoFunction<Path, T> reader) throws IOException {
        return run(new Call(pipelines().read, file, null) {
            @Override
            protected Object body() throws IOException {
                return reader.apply(resolvedTarget().path());
            }
        });
    }

    /** An atomic write alone, no lock and no retry: {@code @AtomicWrite} as a call. */
    void atomicWrite(Path file, IoConsumer<Path> writeTo) throws IOException {
        run(new Call(pipelines().atomic, file, file) {
            @Override
            protected Object body() throws IOException {
                writeTo.accept(file());
                return null;
            }
        });
    }

    /** A lock alone, no retry: {@code @FileLocked} as a call. */
    <T> T withLock(Path file, LockMode mode, IoSupplier<T> body) throws IOException {
        Pipelines current = pipelines();
        return run(new Call(mode == LockMode.SHARED ? current.sharedLock : current.exclusiveLock, file, null) {
            @Override
            protected Object body() throws IOException {
                return body.get();
            }
        });
    }

    /**
     * Writes a call's whole content: through the channel of its atomic write; or, when the file is
     * the temp of an atomic write running around this call (which commits it), into that existing
     * file, never through a link put in its place.
     */
    static void writeWhole(Call call, byte[] content) throws IOException {
        AtomicWriteSession session = call.session();
        if (session != null) {
            session.writeContent(content);
        } else {
            Files.write(call.file(), content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T run(Call call) throws IOException {
        try {
            return (T) call.run();
        } catch (Throwable failure) {
            // Unchanged, whatever it is: a callback may throw a checked exception its signature hides.
            throw FileOperation.<RuntimeException>unchanged(failure);
        }
    }

    @SuppressWarnings("unchecked")
    static <X extends Throwable> X unchanged(Throwable failure) throws X {
        throw (X) failure;
    }

    private Pipelines pipelines() {
        ResilientIoConfig snapshot = config != null ? config : ResilientIoConfig.global();
        Pipelines current = pipelines;
        if (current == null || current.config != snapshot) {
            current = new Pipelines(snapshot, name, circuitBreaker);
            pipelines = current;
        }
        return current;
    }

    /** This operation's pipelines for one configuration snapshot. */
    private static final class Pipelines {
        final ResilientIoConfig config;
        final Pipeline read;
        final Pipeline write;
        final Pipeline atomic;
        final Pipeline sharedLock;
        final Pipeline exclusiveLock;

        Pipelines(ResilientIoConfig config, String name, String breakerName) {
            this.config = config;
            var settings = config.operation(name);
            var breaker = config.circuitBreaker(name, breakerName == null ? SettingOverrides.NONE : SettingOverrides.builder()
                    .set(Setting.CIRCUIT_BREAKER, breakerName, "FileOperation.withCircuitBreaker(\"" + breakerName + "\")")
                    .build());
            this.read = Pipeline.builder(settings).retry().circuitBreaker(breaker, name, config).lock(LockMode.SHARED).build();
            this.write = Pipeline.builder(settings).retry().circuitBreaker(breaker, name, config).lock(LockMode.EXCLUSIVE)
                    .atomicWrite().build();
            this.atomic = Pipeline.builder(settings).circuitBreaker(breaker, name, config).atomicWrite().build();
            this.sharedLock = Pipeline.builder(settings).circuitBreaker(breaker, name, config).lock(LockMode.SHARED).build();
            this.exclusiveLock = Pipeline.builder(settings).circuitBreaker(breaker, name, config).lock(LockMode.EXCLUSIVE).build();
        }
    }
}
