package dev.resilientio.core.atomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rename that makes a kept temp a recovery file checks, after the rename, that the new name holds
 * the file created: in a directory another user may write, the temp's name may have been swapped
 * for a link (to {@code /etc/shadow}, say) between the last check and the rename.
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "needs device and inode numbers (the unix view)")
class CreatedFileRenameTest {

    @TempDir
    Path temp;

    @Test
    void theFileCreatedIsRenamedAndStillReadThroughItsChannel() throws IOException {
        Path dir = temp.toRealPath();
        CreatedFile created = CreatedFile.create(dir.resolve("a.tmp"));
        created.channel().write(ByteBuffer.wrap("content".getBytes(StandardCharsets.UTF_8)));

        CreatedFile moved = created.renameTo(dir.resolve("a.part"));

        try (moved) {
            ByteBuffer read = ByteBuffer.allocate(16);
            moved.channel().read(read, 0);
            assertThat(new String(read.array(), 0, read.position(), StandardCharsets.UTF_8)).isEqualTo("content");
            assertThat(moved.path()).isEqualTo(dir.resolve("a.part"));
            moved.makeOwnerOnly();
        }
        assertThat(Files.exists(dir.resolve("a.tmp"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aLinkSwappedInBeforeTheRenameIsRefusedAndRemovedWhatItPointsToUntouched() throws IOException {
        Path dir = temp.toRealPath();
        Path secret = Files.writeString(dir.resolve("secret"), "root's secret");
        Path name = dir.resolve("a.tmp");
        CreatedFile created = CreatedFile.create(name);
        created.channel().write(ByteBuffer.wrap("content".getBytes(StandardCharsets.UTF_8)));
        // Another user who may write in the directory swaps the name for a link.
        Files.delete(name);
        Files.createSymbolicLink(name, secret);
        Path staged = dir.resolve("a.part");

        CreatedFile.ForeignFileException refused = catchThrowableOfType(CreatedFile.ForeignFileException.class,
                () -> created.renameTo(staged));
        created.close();

        assertThat(refused.getMessage()).contains("a symbolic link").contains("when it was renamed to " + staged)
                .contains("it was removed from " + staged);
        assertThat(Files.exists(staged, LinkOption.NOFOLLOW_LINKS)).as("the link renamed is removed").isFalse();
        assertThat(Files.readString(secret)).isEqualTo("root's secret");
        assertThat(Files.isSymbolicLink(secret)).isFalse();
    }

    @Test
    void anotherRegularFileSwappedInIsRefusedAndLeftWhereItIs() throws IOException {
        Path dir = temp.toRealPath();
        Path name = dir.resolve("a.tmp");
        CreatedFile created = CreatedFile.create(name);
        Files.delete(name);
        Files.writeString(name, "their file");
        Path staged = dir.resolve("a.part");

        CreatedFile.ForeignFileException refused = catchThrowableOfType(CreatedFile.ForeignFileException.class,
                () -> created.renameTo(staged));
        created.close();

        assertThat(refused.getMessage()).contains("it was left at " + staged);
        assertThat(Files.readString(staged)).isEqualTo("their file");
    }
}
