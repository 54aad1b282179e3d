package dev.resilientio.core.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a directory holds, by name, for tests that assert nothing else changed on disk. */
public final class Listing {

    private Listing() {
    }

    /**
     * Returns the names of the entries directly in a directory, links not followed.
     *
     * @param directory the directory to list
     * @return the names, in no particular order
     * @throws IOException when the directory cannot be listed
     */
    public static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }
}
