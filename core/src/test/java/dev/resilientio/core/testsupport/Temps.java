package dev.resilientio.core.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the temp files that writes leave beside their targets, for tests that assert none is left. */
public final class Temps {

    private Temps() {
    }

    /**
     * Returns the {@code *.tmp} files directly in {@code directory}, whoever made them.
     *
     * @param directory the directory to list
     * @return the temp files, in no particular order
     */
    public static List<Path> in(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(entry -> entry.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
