package dev.resilientio.core.testsupport;

import dev.resilientio.core.FileOperation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM that reads a file of lines with {@link FileOperation#read}, parsing them from the stream
 * into a list, and prints how many lines and characters it holds; run with a small {@code -Xmx} to
 * show what a read needs.
 */
public final class ReadLinesMain {

    private ReadLinesMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = FileOperation.named("ReadLinesMain.read").read(Path.of(args[0]), in -> {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> read = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                read.add(line);
            }
            return read;
        });
        long chars = 0;
        for (String line : lines) {
            chars += line.length();
        }
        System.out.println(lines.size() + " " + chars);
    }
}
