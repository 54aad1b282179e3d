package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.testsupport.Temps;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain-API calls made inside another: on the temp an atomic write hands out, and with failures the signature hides. */
class NestedFacadeCallTest {

    @TempDir
    Path dir;

    @Test
    void aWriteOfTheTempOfARunningAtomicWriteWritesItAndTheOuterWriteCommitsIt() throws Exception {
        Path file = Files.writeString(dir.resolve("report.txt"), "old");

        ResilientFiles.atomicWrite(file, temp -> ResilientFiles.writeText(temp, "new"));

        assertThat(file).hasContent("new");
        assertThat(Temps.in(dir)).as("temps left").isEmpty();
    }

    @Test
    void anUpdateOfTheTempOfARunningAtomicWriteReadsAndWritesIt() throws Exception {
        Path file = Files.writeString(dir.resolve("count.txt"), "1");
        FileOperation update = FileOperation.named("Count.update");

        ResilientFiles.atomicWrite(file, temp -> {
            Files.writeString(temp, "41");
            update.update(temp, in -> new String(in.readAllBytes()), "0", text -> String.valueOf(Integer.parseInt(text) + 1),
                    String::getBytes);
        });

        assertThat(file).hasContent("42");
    }

    @Test
    void aCheckedExceptionTheBodyHidesReachesTheCallerUnchanged() {
        Exception hidden = new Exception("not an IOException");

        Throwable thrown = catchThrowable(() -> ResilientFiles.withLock(dir.resolve("x.txt"), LockMode.EXCLUSIVE,
                () -> NestedFacadeCallTest.<RuntimeException>sneaky(hidden)));

        assertThat(thrown).isSameAs(hidden);
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> Object sneaky(Throwable failure) throws X {
        throw (X) failure;
    }
}
