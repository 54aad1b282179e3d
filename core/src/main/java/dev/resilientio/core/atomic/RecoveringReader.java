package dev.resilientio.core.atomic;

import dev.resilientio.core.FileCorruptionException;
import dev.resilientio.core.IoFunction;
import dev.resilientio.core.events.BackupRecovered;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.ResolvedTarget;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a file through a parser that validates it, falling back to the newest backup that
 * validates ({@code <name>.backup}, then {@code <name>.backup.1}, ...) when the file does not.
 * Only a backup that is a regular file owned by the file's owner or by this process's user is read;
 * any other file at a backup's name (another user's, in a shared directory, or a link) is skipped
 * with a WARN. Thread-safe.
 */
public final class RecoveringReader {

    private static final LazyLogger LOG = new LazyLogger(RecoveringReader.class);

    /** The operation named in the event of a recovery outside an operation (this class called directly). */
    private static final String UNNAMED = "RecoveringReader.readFrom";

    private RecoveringReader() {
    }

    /**
     * Reads and parses a file, recovering from its backups when it is corrupt.
     *
     * @param file the file
     * @param parser turns the bytes into a value, throwing (any exception) when they are invalid
     * @param <T> the value type
     * @return the value of the file, or of the newest valid backup (logged at WARN)
     * @throws NoSuchFileException when the file does not exist
     * @throws FileCorruptionException when the file and every backup fail to parse
     * @throws IOException when the file cannot be read
     */
    public static <T> T read(Path file, IoFunction<byte[], T> parser) throws IOException {
        return readFrom(file, in -> parser.apply(readAll(in))).value();
    }

    /**
     * Reads a file's stream whole into one array of its size, as {@link Files#readAllBytes} does
     * ({@code available()} of a file's stream is what is left of the file), rather than
     * {@link InputStream#readAllBytes}'s pieces and final copy, which need twice the memory.
     */
    private static byte[] readAll(InputStream in) throws IOException {
        byte[] bytes = new byte[Math.max(in.available(), 0)];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read < bytes.length) {
            // The file shrank while read.
            bytes = Arrays.copyOf(bytes, read);
        }
        int next = in.read();
        if (next < 0) {
            return bytes;
        }
        // The file grew while read: take the rest too.
        byte[] rest = in.readAllBytes();
        byte[] all = new byte[bytes.length + 1 + rest.length];
        System.arraycopy(bytes, 0, all, 0, bytes.length);
        all[bytes.length] = (byte) next;
        System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
        return all;
    }

    /**
     * A value read, and the file it came from: the file itself or one of its backups.
     *
     * @param value the value
     * @param from the file it was read from
     * @param recovered whether that file is a backup
     * @param <T> the value type
     */
    public record Source<T>(T value, Path from, boolean recovered) {
    }

    /**
     * Reads and parses a file from a stream, recovering from its backups like {@link #read}, so
     * that a large file is never held in memory whole beside its parsed value (nor limited to the
     * 2 GiB of one array). The parser reads the stream it is given; it need not close it.
     *
     * <p>A failure to read the file itself (an IO error of the stream, not of the parser) is not
     * corruption: it is thrown, naming the file, to be retried or not by its own reason, instead of
     * falling back to a backup.
     *
     * @param file the file
     * @param parser reads the value from the stream it is given
     * @param <T> the value type
     * @return the value and where it came from
     * @throws NoSuchFileException when the file does not exist
     * @throws FileCorruptionException when the file and every backup fail to parse
     * @throws IOException when the file cannot be read
     */
    public static <T> Source<T> readFrom(Path file, IoFunction<InputStream, T> parser) throws IOException {
        return readFrom(ResolvedTarget.of(file), parser);
    }

    /**
     * Reads and parses a target resolved for this call, recovering like {@link #readFrom(Path, IoFunction)}:
     * the read step of the pipeline.
     *
     * @param target the file, resolved
     * @param parser reads the value from the stream it is given
     * @param <T> the value type
     * @return the value and where it came from
     * @throws NoSuchFileException when the file does not exist
     * @throws FileCorruptionException when the file and every backup fail to parse
     * @throws IOException when the file cannot be read
     */
    public static <T> Source<T> readFrom(ResolvedTarget target, IoFunction<InputStream, T> parser) throws IOException {
        return readFrom(target, parser, null);
    }

    /**
     * Reads and parses a target for an operation, which the event of a recovery names; otherwise as
     * {@link #readFrom(ResolvedTarget, IoFunction)}.
     *
     * @param target the file, resolved
     * @param parser reads the value from the stream it is given
     * @param operation the operation's name, or {@code null} outside an operation
     * @param <T> the value type
     * @return the value and where it came from
     * @throws NoSuchFileException when the file does not exist
     * @throws FileCorruptionException when the file and every backup fail to parse
     * @throws IOException when the file cannot be read
     */
    public static <T> Source<T> readFrom(ResolvedTarget target, IoFunction<InputStream, T> parser, String operation)
            throws IOException {
        Path file = target.given();
        Path resolved = target.path();
        Exception failure;
        try (ReadFailures in = new ReadFailures(Files.newInputStream(resolved))) {
            try {
                return new Source<>(parser.apply(in), resolved, false);
            } catch (IOException | RuntimeException invalid) {
                if (in.readFailure != null) {
                    throw IoErrors.describe(in.readFailure, resolved, "reading", file, false);
                }
                failure = invalid;
            }
        }
        List<Path> tried = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        List<Exception> backupFailures = new ArrayList<>();
        int owner = Backups.ownerOf(resolved);
        for (Path backup : Backups.existing(resolved)) {
            InputStream opened;
            try {
                opened = Backups.openForRecovery(backup, owner);
            } catch (RefusedFileException untrusted) {
                // Another user's file, or a link, at a backup's name: skipped, and the next one tried.
                LOG.warn("{} is unreadable ({}); skipped {}: {}", file, firstLine(failure), backup, untrusted.getReason());
                skipped.add(backup);
                backupFailures.add(untrusted);
                continue;
            } catch (IOException | RuntimeException unreadable) {
                tried.add(backup);
                backupFailures.add(unreadable);
                continue;
            }
            tried.add(backup);
            try (InputStream in = opened) {
                T value = parser.apply(in);
                LOG.warn("{} is unreadable ({}); recovered its content from the backup {}", file, firstLine(failure), backup);
                if (Events.observed()) {
                    Events.publish(new BackupRecovered(operation != null ? operation : UNNAMED, file, backup, false, failure));
                }
                return new Source<>(value, backup, true);
            } catch (IOException | RuntimeException invalid) {
                backupFailures.add(invalid);
            }
        }
        FileCorruptionException corrupt = new FileCorruptionException(file, tried, skipped, failure);
        backupFailures.forEach(corrupt::addSuppressed);
        throw corrupt;
    }

    /**
     * Remembers the stream's own IO failures, which a parser may wrap (Jackson 3 throws unchecked
     * exceptions) or take for bad content, so that they are told apart from corruption.
     */
    private static final class ReadFailures extends FilterInputStream {
        private IOException readFailure;

        ReadFailures(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                readFailure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return in.read(buffer, offset, length);
            } catch (IOException e) {
                readFailure = e;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                readFailure = e;
                throw e;
            }
        }
    }

    /** Parsers put the location on further lines; one line keeps the WARN readable in a log. */
    private static String firstLine(Throwable failure) {
        String text = failure.toString();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).stripTrailing();
    }
}
