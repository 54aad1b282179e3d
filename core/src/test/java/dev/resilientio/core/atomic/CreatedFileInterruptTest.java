package dev.resilientio.core.atomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A create that fails after its exclusive create leaves no file behind for a cleanup to find. */
class CreatedFileInterruptTest {

    @TempDir
    Path dir;

    @Test
    void anInterruptDuringTheChecksAfterTheCreateRemovesTheFileCreated() {
        Path temp = TempFiles.reserveName(dir.resolve("state.json"));

        Thread.currentThread().interrupt();
        Throwable failure;
        try {
            failure = catchThrowable(() -> CreatedFile.create(temp));
        } finally {
            Thread.interrupted();
        }

        assertThat(failure).isInstanceOf(ClosedByInterruptException.class);
        assertThat(temp).as("the file the failed create made").doesNotExist();
    }
}
