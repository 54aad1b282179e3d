package dev.resilientio.spring.boot.woven;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A store woven by ajc, for the weaving check and the endpoint. */
public class WovenStore {

    /**
     * Writes a file atomically under an exclusive lock.
     *
     * @param target the file
     * @param content what to write
     * @throws IOException when the write fails
     */
    @FileLocked(timeout = "2s")
    @AtomicWrite(backups = 2)
    public void save(Path target, String content) throws IOException {
        Files.writeString(target, content);
    }
}
