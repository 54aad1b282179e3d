package dev.resilientio.zookeeper;

import dev.resilientio.core.FileLockLostException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.testsupport.ChildIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A host of {@link PausedHolderFencingTest}: replaces a text file's content with its own through
 * {@link FileOperation#update}, under the EXCLUSIVE lock it takes through ZooKeeper. Inside the
 * change, holding the lock, it prints {@code CHANGING} and waits for {@code FINISH} from the test,
 * so that the test can stop it right there. Then it prints {@code COMMITTED}, or
 * {@code LOST <recovery file>} when the commit failed with {@link FileLockLostException}
 * ({@code none} when no content was kept) and {@code BECAUSE <its message>}, and {@code DONE}.
 *
 * <p>Arguments: the file, the content to write.
 */
public final class FencedUpdateMain {

    private static final FileOperation UPDATE = FileOperation.named("FencedUpdateMain.update");

    private FencedUpdateMain() {
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            String content = args[1];
            // Loads the classes, and connects to ZooKeeper, before the test starts to count.
            UPDATE.read(file, in -> in.readAllBytes());
            ChildIo.signal("READY");
            ChildIo.awaitParent("GO");
            try {
                UPDATE.update(file, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8), "", current -> {
                    ChildIo.signal("CHANGING");
                    try {
                        ChildIo.awaitParent("FINISH");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return content;
                }, text -> text.getBytes(StandardCharsets.UTF_8));
                ChildIo.signal("COMMITTED");
            } catch (FileLockLostException lost) {
                lost.printStackTrace();
                ChildIo.signal("LOST " + RecoveryFileNotice.in(lost).map(notice -> notice.file().toString()).orElse("none"));
                ChildIo.signal("BECAUSE " + String.valueOf(lost.getMessage()).lines().findFirst().orElse(""));
            }
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }
}
