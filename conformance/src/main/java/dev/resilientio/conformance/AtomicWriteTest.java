package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.conformance.fixtures.AtomicFiles;
import dev.resilientio.core.testsupport.Temps;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code @AtomicWrite}: the body writes a temp file beside the target, which replaces the target
 * only when the body returns normally.
 */
class AtomicWriteTest {

    @TempDir
    Path dir;

    private final AtomicFiles files = new AtomicFiles();

    @Test
    void pathParameterIsRedirectedToATempBesideTheTarget() throws IOException {
        Path target = Files.writeString(dir.resolve("data.txt"), "old");
        files.afterBodyWrote = received -> assertThat(target).as("the target while the body runs").hasContent("old");

        int written = files.write(target, "new");

        assertThat(written).as("the body's result").isEqualTo(3);
        assertIsTempBeside(target, (Path) files.received.get(0));
        assertThat(target).hasContent("new");
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void fileParameterIsRedirectedToATempBesideTheTarget() throws IOException {
        Path target = dir.resolve("data.txt");
        files.afterBodyWrote = received -> assertThat(target).as("the target while the body runs").doesNotExist();

        files.write(target.toFile(), "new");

        assertThat(files.received).singleElement().isInstanceOf(File.class);
        assertIsTempBeside(target, ((File) files.received.get(0)).toPath());
        assertThat(target).hasContent("new");
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void markedStringParameterIsRedirectedToATempBesideTheTarget() throws IOException {
        Path target = Files.writeString(dir.resolve("data.txt"), "old");
        files.afterBodyWrote = received -> assertThat(target).as("the target while the body runs").hasContent("old");

        files.writeNamed(target.toString(), "new");

        assertThat(files.received).singleElement().isInstanceOf(String.class);
        assertIsTempBeside(target, Path.of((String) files.received.get(0)));
        assertThat(target).hasContent("new");
        assertThat(Temps.in(dir)).isEmpty();
    }

    static Stream<Exception> bodyFailures() {
        return Stream.of(new IOException("disk on fire"), new IllegalStateException("a bug in the body"));
    }

    @ParameterizedTest
    @MethodSource("bodyFailures")
    void failingBodyLeavesTheTargetUntouchedAndNoTemp(Exception failure) throws IOException {
        Path target = Files.writeString(dir.resolve("data.txt"), "old");

        Throwable thrown = catchThrowable(() -> files.writeThenFail(target, "half-written", failure));

        assertThat(thrown).as("the body's own exception under %s", WeavingMode.name()).isSameAs(failure);
        assertThat(thrown.getSuppressed()).isEmpty();
        assertIsTempBeside(target, (Path) files.received.get(0));
        assertThat(target).hasContent("old");
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void failingBodyCreatesNoTargetThatDidNotExist() throws IOException {
        Path target = dir.resolve("new.txt");
        IOException failure = new IOException("disk on fire");

        Throwable thrown = catchThrowable(() -> files.writeThenFail(target, "half-written", failure));

        assertThat(thrown).isSameAs(failure);
        assertThat(target).doesNotExist();
        try (Stream<Path> entries = Files.list(dir)) {
            // Only the lock file, which every atomic write holds a byte of while its temp exists.
            assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactly("new.txt.lock");
        }
    }

    @Test
    void copyExistingStartsTheTempAsACopyOfTheTarget() throws IOException {
        Path target = Files.writeString(dir.resolve("log.txt"), "line 1\n");

        files.append(target, "line 2\n");

        assertIsTempBeside(target, (Path) files.received.get(0));
        assertThat(target).hasContent("line 1\nline 2\n");
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void copyExistingStartsEmptyWhenThereIsNoTarget() throws IOException {
        Path target = dir.resolve("log.txt");

        files.append(target, "line 1\n");

        assertThat(target).hasContent("line 1\n");
    }

    @Test
    void backupsKeepThePreviousVersionsNewestFirst() throws IOException {
        Path target = dir.resolve("data.txt");

        for (String version : new String[] {"v1", "v2", "v3", "v4"}) {
            files.writeKeepingTwoBackups(target, version);
        }

        assertThat(target).hasContent("v4");
        assertThat(dir.resolve("data.txt.backup")).hasContent("v3");
        assertThat(dir.resolve("data.txt.backup.1")).hasContent("v2");
        assertThat(dir.resolve("data.txt.backup.2")).as("beyond the two kept").doesNotExist();
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void noBackupsAreKeptByDefault() throws IOException {
        Path target = dir.resolve("data.txt");

        files.write(target, "v1");
        files.write(target, "v2");

        assertThat(files.received).hasSize(2).allSatisfy(temp -> assertIsTempBeside(target, (Path) temp));
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.map(entry -> entry.getFileName().toString())).containsExactlyInAnyOrder("data.txt", "data.txt.lock");
        }
    }

    /** The body must have been given a fresh temp file in the target's directory, never the target. */
    static void assertIsTempBeside(Path target, Path received) {
        assertThat(received).as("the file the body received under %s", WeavingMode.name())
                .isNotEqualTo(target)
                .satisfies(temp -> assertThat(temp.getParent()).isEqualTo(target.getParent()))
                .satisfies(temp -> assertThat(temp.getFileName().toString())
                        .startsWith("." + target.getFileName()).endsWith(".tmp"));
    }
}
