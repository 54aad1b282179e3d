package dev.resilientio.core.atomic;

import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.internal.TargetPaths;
import dev.resilientio.core.testsupport.AtomicDefaults;
import dev.resilientio.core.testsupport.Leftovers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One scan of a directory judges the leftovers of every target in it, grouped by the target name
 * read back from each temp's name; a name that may have been cut to fit is judged only by a writer
 * of the target whose temps start with it.
 */
class StaleTempScanTest {

    @TempDir
    Path temp;

    private Path dir;

    @BeforeEach
    void ownDirectory() throws IOException {
        // Each test has its own directory, so that no earlier scan of this JVM stands in for its own.
        dir = Files.createDirectory(temp.toRealPath().resolve("data"));
    }

    @Test
    void oneWriteRemovesTheLeftoversOfEveryTargetInItsDirectory() throws Exception {
        Path existing = Files.writeString(dir.resolve("a.json"), "a");
        Path missing = dir.resolve("b.json");
        List<Path> left = Leftovers.leftBy(temp.resolve("child.log"), existing, missing);
        assertThat(left).allMatch(Files::exists);

        ResilientFiles.writeText(dir.resolve("c.json"), "c");

        assertThat(left).as("temps a dead writer left for a.json and b.json, after a write of c.json").noneMatch(Files::exists);
        assertThat(Files.readString(existing)).isEqualTo("a");
        assertThat(missing).doesNotExist();
    }

    @Test
    void possiblyCutNameIsJudgedOnlyByAWriterOfItsOwnTarget() throws Exception {
        // 250 bytes of UTF-8: TempFiles cuts it to 200 in temp names, so it cannot be read back.
        Path longOne = dir.resolve("l".repeat(249) + "1");
        Path longTwo = dir.resolve("l".repeat(249) + "2");
        Path shortName = dir.resolve("é".repeat(98)); // 196 bytes: never cut
        List<Path> left = Leftovers.leftBy(temp.resolve("child.log"), longOne, longTwo, shortName);
        assertThat(left.get(0).getFileName().toString().getBytes(StandardCharsets.UTF_8).length)
                .as("length of a temp name of a 250-byte target").isLessThan(255);
        assertThat(left.get(0).getFileName().toString())
                .startsWith("." + "l".repeat(183) + "." + TargetPaths.shortHash(longOne.getFileName().toString()) + ".");

        ResilientFiles.writeText(dir.resolve("other.json"), "x");

        assertThat(left.get(0)).as("cut-name temp after a write of another target").exists();
        assertThat(left.get(2)).as("196-byte name temp after a write of another target").doesNotExist();

        ResilientFiles.writeText(longOne, "one");

        assertThat(left.get(0)).as("cut-name temp after a write of its own target").doesNotExist();
        assertThat(left.get(1)).as("temp of another long target sharing the first 249 bytes").exists();

        ResilientFiles.writeText(longTwo, "two");

        assertThat(left.get(1)).as("cut-name temp after a write of its own target").doesNotExist();
    }

    @Test
    void aWriteOfOneLongNameLeavesTheLiveTempOfAnotherSharingItsFirstBytes() throws Exception {
        Path longOne = dir.resolve("a".repeat(210) + "1");
        Path longTwo = dir.resolve("a".repeat(210) + "2");

        try (AtomicWriteSession live = AtomicFileWriter.begin(longOne, AtomicDefaults.FSYNC)) {
            Files.writeString(live.temp(), "one");

            ResilientFiles.writeText(longTwo, "two");

            assertThat(live.temp()).as("the live temp of the other long name").exists();
            live.commit();
        }

        assertThat(Files.readString(longOne)).isEqualTo("one");
        assertThat(Files.readString(longTwo)).isEqualTo("two");
    }

    @Test
    void cleanupNeverFailsTheWriteWhateverItMeets() throws Exception {
        Path target = dir.resolve("state.json");
        Path notATemp = Files.createDirectory(dir.resolve(".state.json.0badc0de-1-0123456789abcdef.tmp"));
        Files.writeString(notATemp.resolve("inside"), "x");

        ResilientFiles.writeText(target, "new");

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(notATemp.resolve("inside")).as("content of a non-empty directory named like a temp").exists();
    }
}
