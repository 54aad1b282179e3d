package dev.resilientio.examples.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Maps a list's name to its JSON file in the data directory ({@code example.data-dir}, default
 * {@code data}), which several instances of the service may share. Thread-safe.
 */
@Component
public class TallyFiles {

    /** Names become file names: no separators, no dots, so no name reaches outside the directory. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Path directory;

    /**
     * Creates the data directory if it is missing.
     *
     * @param directory the data directory, from {@code example.data-dir}
     */
    public TallyFiles(@Value("${example.data-dir:data}") Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + this.directory
                    + " (example.data-dir); set example.data-dir to a directory this user may write", e);
        }
    }

    /**
     * Returns the file of a list.
     *
     * @param name the list's name: lower-case letters, digits and dashes, up to 64
     * @return {@code <data-dir>/<name>.json}
     * @throws IllegalArgumentException when the name has other characters
     */
    public Path file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("List name '" + name + "' is not allowed: use 1 to 64 lower-case letters,"
                    + " digits and dashes, starting with a letter or digit");
        }
        return directory.resolve(name + ".json");
    }

    /**
     * Returns the data directory.
     *
     * @return its absolute path
     */
    public Path directory() {
        return directory;
    }
}
