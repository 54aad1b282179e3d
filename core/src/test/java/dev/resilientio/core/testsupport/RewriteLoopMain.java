package dev.resilientio.core.testsupport;

import dev.resilientio.core.FileOperation;
import java.nio.file.Path;

/**
 * Child JVM for the crash test. Prints {@code READY}, waits for {@code GO <version>} on stdin, writes
 * that version through {@link FileOperation#write} (default durability, fsync), prints
 * {@code STARTED}, then in {@code loop} mode writes the following versions until it is killed; in
 * {@code once} mode it prints {@code DONE} and exits 0 instead.
 *
 * <p>Arguments: the document's file, {@code loop} or {@code once}.
 */
public final class RewriteLoopMain {

    private static final FileOperation WRITE = FileOperation.named("RewriteLoopMain.write");

    private RewriteLoopMain() {
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            boolean loop = switch (args[1]) {
                case "loop" -> true;
                case "once" -> false;
                default -> throw new IllegalArgumentException("mode must be loop or once, not " + args[1]);
            };
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
            if (!loop) {
                ChildIo.signal("DONE");
                return;
            }
            while (true) {
                version++;
                WRITE.write(file, VersionedDocument.of(version).bytes());
            }
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }
}
