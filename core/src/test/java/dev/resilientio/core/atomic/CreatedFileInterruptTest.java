package dev.resilientio.core.atomic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupt pending at the exclusive create does not fail it: its checks read the name, never the
 * channel (which an interrupt would close), so the file is created, checked and kept open, and the
 * interrupt stays for the caller's next blocking call, whose failure the atomic write's clean-up handles.
 */
class CreatedFileInterruptTest {

    @TempDir
    Path dir;

    @Test
    void anInterruptPendingAtTheCreateIsKeptForTheCaller() throws Exception {
        Path temp = TempFiles.reserveName(dir.resolve("state.json"));

        Thread.currentThread().interrupt();
        boolean stillInterrupted;
        try (CreatedFile created = CreatedFile.create(temp)) {
            stillInterrupted = Thread.currentThread().isInterrupted();
            assertThat(created.channel().isOpen()).as("the channel of the file created").isTrue();
            assertThat(Files.size(temp)).isZero();
            assertThat(Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)).isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(stillInterrupted).as("the interrupt, kept for the caller").isTrue();
    }
}
