package dev.resilientio.core.testsupport;

import dev.resilientio.core.atomic.AtomicFileWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Child JVM main for the tests of leftover-temp judgement: one atomic write whose body writes the
 * content, sets the temp's modification time a day back (as a body may, or a copy that keeps it),
 * prints {@code TEMP <path>} and waits for a line from the parent before it returns; the write then
 * commits and the child prints {@code DONE}. Killed meanwhile, it leaves the temp behind.
 *
 * <p>Arguments: the target, the content.
 */
public final class SlowAtomicWriteChild {

    private SlowAtomicWriteChild() {
    }

    public static void main(String[] args) {
        try {
            Path target = Path.of(args[0]);
            AtomicFileWriter.write(target, AtomicDefaults.FSYNC, temp -> {
                Files.writeString(temp, args[1], StandardCharsets.UTF_8);
                Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
                ChildIo.signal("TEMP " + temp);
                ChildIo.awaitParent();
            });
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }
}
