package dev.resilientio.core.testsupport;

import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.nio.file.Path;

/**
 * A writer that updates a record file in place, as code without {@code @AtomicWrite} does: it
 * truncates the file, writes the record's length and half its bytes through plain
 * {@link FileOutputStream} writes (which reach the kernel at once), says {@code torn}, and waits to
 * be killed. Arguments: the file, the record's length.
 */
public final class TornWriteMain {

    private TornWriteMain() {
    }

    public static void main(String[] args) {
        try (DataOutputStream out = new DataOutputStream(new FileOutputStream(Path.of(args[0]).toFile()))) {
            int length = Integer.parseInt(args[1]);
            out.writeInt(length);
            out.write(Records.payload(length, 'n'), 0, length / 2);
            out.flush();
            ChildIo.signal("torn");
            ChildIo.awaitParent();
        } catch (Throwable failure) {
            ChildIo.die(failure);
        }
    }
}
