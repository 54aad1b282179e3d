package dev.resilientio.agent.internal;

import dev.resilientio.annotations.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A write that reports the file it was handed, which {@code @AtomicWrite} makes a temp file. */
public class RedirectedWrite implements FileOperation {

    @Override
    @AtomicWrite
    public String run(Path file) throws IOException {
        Files.writeString(file, "new contents");
        return file.getFileName().toString();
    }
}
