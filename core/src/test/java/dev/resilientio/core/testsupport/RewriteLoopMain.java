package dev.resilientio.core.testsupport;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.ResilientFiles;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM for the crash test. Prints {@code READY}, waits for {@code GO <version>} on stdin, writes
 * that version through {@link FileOperation#write} (default durability, fsync), prints
 * {@code STARTED}, then in {@code loop} mode writes the following versions until it is killed; in
 * {@code once} mode it prints {@code DONE} and exits 0 instead; in {@code midwrite} mode it starts
 * the next version's atomic write, writes half of it to the temp, prints {@code WRITING <temp>} and
 * waits there to be killed.
 *
 * <p>Arguments: the document's file, {@code loop}, {@code once} or {@code midwrite}.
 */
public final class RewriteLoopMain {

    private static final FileOperation WRITE = FileOperation.named("RewriteLoopMain.write");

    private RewriteLoopMain() {
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            String mode = args[1];
            if (!mode.equals("loop") && !mode.equals("once") && !mode.equals("midwrite")) {
                throw new IllegalArgumentException("mode must be loop, once or midwrite, not " + mode);
            }
            // Warms the document's code up without touching the target: the first write must come after GO.
            VersionedDocument.parse(VersionedDocument.of(0).bytes());
            ChildIo.signal("READY");
            String go = ChildIo.awaitParent();
            if (go == null || !go.startsWith("GO ")) {
                throw new IllegalStateException("expected GO <version> from the parent, got " + go);
            }
            long version = Long.parseLong(go.substring(3));
            WRITE.write(file, VersionedDocument.of(version).bytes());
            ChildIo.signal("STARTED");
            switch (mode) {
                case "once" -> ChildIo.signal("DONE");
                case "midwrite" -> stopMidWrite(file, VersionedDocument.of(version + 1).bytes());
                default -> {
                    while (true) {
                        version++;
                        WRITE.write(file, VersionedDocument.of(version).bytes());
                    }
                }
            }
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }

    /** Holds the lock and an atomic write with half the next version in its temp, until killed. */
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
