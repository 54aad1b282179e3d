package dev.resilientio.core.testsupport;

import dev.resilientio.core.ResilientFiles;
import java.nio.file.Path;

/**
 * Child JVM that reads a JSON array of strings with {@code ResilientFiles.readJson} and prints how
 * many strings and characters it holds; run with a small {@code -Xmx} to show what a read needs.
 */
public final class ReadJsonMain {

    private ReadJsonMain() {
    }

    public static void main(String[] args) throws Exception {
        String[] values = ResilientFiles.readJson(Path.of(args[0]), String[].class);
        long chars = 0;
        for (String value : values) {
            chars += value.length();
        }
        System.out.println(values.length + " " + chars);
    }
}
