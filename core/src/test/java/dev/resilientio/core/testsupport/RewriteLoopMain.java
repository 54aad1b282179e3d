package dev.resilientio.core.testsupport;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.ResilientFiles;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.json.JsonMapper;

/**
 * Child JVM for the crash test. Prints {@code READY}, waits for {@code GO <version>} on stdin, writes
 * that version through {@link ResilientFiles#writeJson} (default durability, fsync), prints
 * {@code STARTED}, then in {@code loop} mode writes the following versions until it is killed; in
 * {@code once} mode it prints {@code DONE} and exits 0 instead. In {@code midwrite} mode it starts
 * the next version's atomic write under the exclusive lock, writes half of it to the temp, prints
 * {@code WRITING <temp>} and waits there for the parent to kill it, so that a kill lands mid-write
 * however fast the disk is.
 *
 * <p>Arguments: the JSON file, {@code loop}, {@code once} or {@code midwrite}.
 */
public final class RewriteLoopMain {

    private RewriteLoopMain() {
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            String mode = args[1];
            if (!mode.equals("loop") && !mode.equals("once") && !mode.equals("midwrite")) {
                throw new IllegalArgumentException("mode must be loop, once or midwrite, not " + mode);
            }
            // Warms Jackson up without touching the target: the first write must come after GO.
            JsonMapper mapper = JsonMapper.builder().build();
            mapper.writeValueAsBytes(VersionedDocument.of(0));
            ChildIo.signal("READY");
            String go = ChildIo.awaitParent();
            if (go == null || !go.startsWith("GO ")) {
                throw new IllegalStateException("expected GO <version> from the parent, got " + go);
            }
            long version = Long.parseLong(go.substring(3));
            ResilientFiles.writeJson(file, VersionedDocument.of(version));
            ChildIo.signal("STARTED");
            switch (mode) {
                case "once" -> ChildIo.signal("DONE");
                case "midwrite" -> stopMidWrite(file, mapper.writeValueAsBytes(VersionedDocument.of(version + 1)));
                default -> {
                    while (true) {
                        version++;
                        ResilientFiles.writeJson(file, VersionedDocument.of(version));
                    }
                }
            }
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }

    /** Writes half of {@code next} to the temp of an atomic write, says so, and waits to be killed. */
    private static void stopMidWrite(Path file, byte[] next) throws Exception {
        ResilientFiles.withLock(file, LockMode.EXCLUSIVE, () -> {
            ResilientFiles.atomicWrite(file, temp -> {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    out.write(next, 0, next.length / 2);
                    out.flush();
                    ChildIo.signal("WRITING " + temp);
                    ChildIo.awaitParent();
                }
            });
            return null;
        });
        throw new IllegalStateException("the parent did not kill this writer while it wrote " + file);
    }
}
