package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.conformance.fixtures.HiddenFiles;
import dev.resilientio.core.testsupport.Temps;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Private, static and self-invoked annotated methods are applied too, unlike with proxies. */
class HiddenMethodTest {

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @TempDir
    Path dir;

    private final HiddenFiles files = new HiddenFiles();

    @Test
    void privateMethodIsRetriedAndWritesAtomically() throws IOException {
        Path target = dir.resolve("private.txt");
        files.failures.thenFailTimes(1);

        files.saveThroughPrivateMethod(target, "saved");

        assertThat(files.failures.attempts()).as("attempts of a private method under %s", WeavingMode.name())
                .isEqualTo(2);
        assertThat(files.received).hasSize(2).allSatisfy(temp -> AtomicWriteTest.assertIsTempBeside(target, temp));
        assertThat(target).hasContent("saved");
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void staticMethodWritesAtomically() throws IOException {
        Path target = dir.resolve("static.txt");

        Path received = HiddenFiles.saveStatically(target, "saved");

        AtomicWriteTest.assertIsTempBeside(target, received);
        assertThat(target).hasContent("saved");
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void selfInvokedMethodWritesAtomicallyOnEveryCall() throws IOException {
        Path target = dir.resolve("self.txt");

        files.saveTwice(target, "first", "second");

        assertThat(files.received).as("files received by self-invoked calls under %s", WeavingMode.name())
                .hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(temp -> AtomicWriteTest.assertIsTempBeside(target, temp));
        assertThat(target).hasContent("second");
        assertThat(Temps.in(dir)).isEmpty();
    }
}
