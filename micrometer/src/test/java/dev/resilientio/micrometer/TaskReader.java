package dev.resilientio.micrometer;

import dev.resilientio.annotations.RecoverFromBackup;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's annotated reader, called through the engine as woven code calls it: a list written as
 * {@code [...]}, corrupt when cut short. Its operation is {@code TaskReader.load}.
 */
class TaskReader {

    @RecoverFromBackup
    String load(Path file) throws IOException {
        String text = Files.readString(file);
        if (!text.endsWith("]")) {
            throw new EOFException(file + " ends before its closing ]");
        }
        return text;
    }
}
