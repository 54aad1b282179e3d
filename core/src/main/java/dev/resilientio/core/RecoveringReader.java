package dev.resilientio.core;

import dev.resilientio.core.internal.Backups;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.TargetPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file through a parser that validates it, falling back to the newest backup that
 * validates ({@code <name>.backup}, then {@code <name>.backup.1}, ...) when the file does not.
 * Thread-safe.
 */
public final class RecoveringReader {

    private static final LazyLogger LOG = new LazyLogger(RecoveringReader.class);

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
        return readFrom(file, parser).value();
    }

    /** A value read, and the file it came from: the file itself or one of its backups. */
    record Source<T>(T value, Path from, boolean recovered) {
    }

    static <T> Source<T> readFrom(Path file, IoFunction<byte[], T> parser) throws IOException {
        Path resolved = TargetPaths.resolve(file);
        byte[] bytes = Files.readAllBytes(resolved);
        Exception failure;
        try {
            return new Source<>(parser.apply(bytes), resolved, false);
        } catch (IOException | RuntimeException invalid) {
            failure = invalid;
        }
        List<Path> tried = new ArrayList<>();
        List<Exception> backupFailures = new ArrayList<>();
        for (Path backup : Backups.existing(resolved)) {
            tried.add(backup);
            try {
                T value = parser.apply(Files.readAllBytes(backup));
                LOG.get().warn("{} is unreadable ({}); recovered its content from the backup {}", file, firstLine(failure), backup);
                return new Source<>(value, backup, true);
            } catch (IOException | RuntimeException invalid) {
                backupFailures.add(invalid);
            }
        }
        FileCorruptionException corrupt = new FileCorruptionException(file, tried, failure);
        backupFailures.forEach(corrupt::addSuppressed);
        throw corrupt;
    }

    /** Parsers put the location on further lines; one line keeps the WARN readable in a log. */
    private static String firstLine(Throwable failure) {
        String text = failure.toString();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).stripTrailing();
    }
}
