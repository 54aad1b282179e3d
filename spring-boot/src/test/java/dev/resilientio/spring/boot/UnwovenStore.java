package dev.resilientio.spring.boot;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A store compiled by javac alone: its annotations are woven by nothing, as the weaving check must tell. */
public class UnwovenStore {

    /**
     * Writes a file.
     *
     * @param target the file
     * @param content what to write
     * @throws IOException when the write fails
     */
    @RetryFileOperation(name = "UnwovenStore.save")
    @AtomicWrite
    public void save(Path target, String content) throws IOException {
        Files.writeString(target, content);
    }
}
