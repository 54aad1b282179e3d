package dev.resilientio.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A fresh temp directory for the demos, deleted with everything in it when closed. */
final class DemoDirectory implements AutoCloseable {

    private final Path path;

    private DemoDirectory(Path path) {
        this.path = path;
    }

    static DemoDirectory create() throws IOException {
        return new DemoDirectory(Files.createTempDirectory("resilient-io-demo-"));
    }

    Path path() {
        return path;
    }

    /** Creates a subdirectory, so that each demo starts from an empty one. */
    Path subdirectory(String name) throws IOException {
        return Files.createDirectories(path.resolve(name));
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> entries = Files.walk(path)) {
            entries.sorted(Comparator.reverseOrder()).forEach(entry -> {
                try {
                    Files.deleteIfExists(entry);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
