package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.conformance.fixtures.FlakyFiles;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {

    @TempDir
    Path dir;

    @Test
    void fixturesAreWoven() {
        WeavingCheck.verify(FlakyFiles.class);
    }

    @Test
    void writeGoesThroughTempAndRetries() throws IOException {
        FlakyFiles files = new FlakyFiles();
        files.failures.add(new IOException("busy"));
        Path target = dir.resolve("a.txt");
        files.write(target, "hello");
        assertThat(files.calls).isEqualTo(2);
        assertThat(files.seen).allSatisfy(p -> assertThat(p).isNotEqualTo(target).extracting(Path::getParent).isEqualTo(dir));
        assertThat(target).hasContent("hello");
        try (var list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.txt", "a.txt.lock");
        }
    }
}
