package dev.resilientio.core.lock;

import dev.resilientio.core.FileLockLostException;
import dev.resilientio.core.events.LockLost;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.ThisProcess;
import dev.resilientio.core.internal.TargetPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fencing check of an atomic write under an exclusive lock across hosts, made just before its
 * rename: the lock service must still count the grant as held, and no later grant may have committed
 * to the target. The last committed token is recorded beside the target in {@code <name>.fence} (a
 * the token in 20 digits, a space, the name of the space the token counts in (which ensemble) and a
 * newline, opened without following links and given the target's owner and
 * mode like the lock file), written before the rename and, with fsync durability, synced.
 *
 * <p>The grant is checked twice: once for its token, before the record is compared and written and
 * before the backups rotate ({@link #beforeCommit}), and once more just before the rename
 * ({@link Fence#beforeRename()}). What remains is the time between that last
 * check and the rename: no POSIX file system offers a compare-and-rename. A holder paused for longer
 * than the session timeout exactly there can still rename after a later holder committed; see
 * {@code docs/cluster-locks.md}. Thread-safe.
 */
public final class Fencing {

    private static final LazyLogger LOG = new LazyLogger(Fencing.class);
    /** The longest record read: the token, a space, the token space's name and a newline, with room to spare. */
    private static final int MAX_RECORD = 160;
    /** A record: the token in 20 digits, and the space it counts in (the lock service's identity). */
    private static final Pattern RECORD = Pattern.compile("([0-9]{1,20}) ([\\x21-\\x7e]{1,120})");

    private Fencing() {
    }

    /**
     * Checks and records the fence of a commit, before it touches anything (backups rotate after):
     * when the calling thread holds an exclusive grant across hosts on the target, the grant must
     * still be held and its token no older than the one recorded, which it then becomes.
     *
     * @param target the resolved target about to be replaced
     * @param fsync whether to sync the record before returning
     * @param operation the operation the write belongs to, for its event; {@code null} outside one
     * @return the fence to confirm just before the rename; {@link Fence#NONE} without such a grant
     * @throws FileLockLostException when the grant is no longer held, or a later one has committed
     * @throws IOException when the fence file cannot be opened, read or written; the target is unchanged
     */
    public static Fence beforeCommit(Path target, boolean fsync, String operation) throws IOException {
        if (!ClusterLocking.exclusiveHeld()) {
            return Fence.NONE;
        }
        ClusterLock grant = ClusterLocking.exclusiveGrantOf(TargetPaths.withSuffix(target, ".lock"));
        if (grant == null) {
            return Fence.NONE;
        }
        Fence fence = new Fence(grant, target, operation);
        fence.checked(() -> record(target, fenceFileOf(target), grant.verify(), grant.tokenSpace(), fsync));
        return fence;
    }

    /** A commit's fence, recorded; confirmed once more just before the rename. */
    public static final class Fence {

        /** No grant across hosts: nothing to confirm. */
        public static final Fence NONE = new Fence(null, null, null);

        private final ClusterLock grant;
        private final Path target;
        private final String operation;

        private Fence(ClusterLock grant, Path target, String operation) {
            this.grant = grant;
            this.target = target;
            this.operation = operation;
        }

        /**
         * Confirms with the lock service that the grant is still held, as late as can be: what is left
         * unchecked is this reply's way back and the rename.
         *
         * @throws FileLockLostException when it is not, or cannot be confirmed
         * @throws IOException never otherwise
         */
        public void beforeRename() throws IOException {
            if (grant != null) {
                checked(grant::verify);
            }
        }

        private void checked(Check check) throws IOException {
            try {
                check.run();
            } catch (FileLockLostException lost) {
                if (Events.on()) {
                    Events.publish(new LockLost(operation != null ? operation : FileLocks.UNNAMED, target, lost.token(),
                            lost.reason()));
                }
                throw lost;
            }
        }
    }

    @FunctionalInterface
    private interface Check {
        void run() throws IOException;
    }

    /**
     * Returns the file that records the last fencing token committed to a target.
     *
     * @param target the resolved target
     * @return {@code <target>.fence}
     */
    public static Path fenceFileOf(Path target) {
        return TargetPaths.withSuffix(target, ".fence");
    }

    /**
     * Refuses a token older than the one recorded in the same space; records a newer one, or one of
     * another space (a rebuilt ensemble counts from zero again: its tokens cannot be compared with
     * the old one's, and would otherwise be refused for ever). The record has one length whatever
     * the token, so that writing it over an older one never leaves digits of both.
     */
    static void record(Path target, Path fence, long token, String space, boolean fsync) throws IOException {
        // Before the opener, which as root would give a planted file the target's owner.
        Object foundKey = refuseForeign(fence, target);
        LockFileOpener.Opened opened = LockFileOpener.open(fence, target, false, true);
        try (FileChannel channel = opened.channel()) {
            if (foundKey != null && opened.key() != null && !foundKey.equals(opened.key())) {
                throw refused(fence, target, "was replaced while it was opened");
            }
            Recorded recorded = read(channel, fence, target, token);
            if (recorded != null && recorded.space().equals(space)) {
                long last = recorded.token();
                if (last > token) {
                    throw new FileLockLostException(target, token, "a later holder of the lock (fencing token " + last
                            + ", this write's " + token + ") has committed to it since, as " + fence + " records", null);
                }
                if (last == token) {
                    return;
                }
            } else if (recorded != null) {
                LOG.warn("{} records a fencing token of another lock service ({}), not of this one ({}), as after the"
                        + " ZooKeeper ensemble was rebuilt or replaced; its count starts again with this write's.", fence,
                        recorded.space(), space);
            }
            String line = String.format(Locale.ROOT, "%020d %s\n", token, space);
            ByteBuffer text = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (text.hasRemaining()) {
                channel.write(text, text.position());
            }
            channel.truncate(text.limit());
            if (fsync) {
                channel.force(false);
            }
        } catch (FileLockLostException e) {
            throw e;
        } catch (IOException e) {
            throw IoErrors.describe(e, fence, "recording the fencing token of the atomic write of", target, true);
        }
    }

    /**
     * Refuses a fence file that neither the target's owner nor this process's user owns: in a
     * directory other users may write, one of them could have put it there with a token no holder
     * reaches, to refuse every write.
     *
     * @return the file's key as found, to compare with the file opened; {@code null} when there is none yet
     */
    private static Object refuseForeign(Path fence, Path target) throws IOException {
        Map<String, Object> found;
        Object targetOwner;
        try {
            found = Files.readAttributes(fence, "unix:uid,fileKey", LinkOption.NOFOLLOW_LINKS);
            targetOwner = Files.getAttribute(target, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException notYet) {
            return null;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return null;
        }
        Object owner = found.get("uid");
        if (!owner.equals(targetOwner) && !owner.equals(ThisProcess.uid())) {
            throw refused(fence, target, "is owned by uid " + owner + ", neither the target's owner (uid " + targetOwner
                    + ") nor this process's user (uid " + ThisProcess.uid() + ")");
        }
        return found.get("fileKey");
    }

    private static RefusedFileException refused(Path fence, Path target, String what) {
        return new RefusedFileException(fence.toString(), target.toString(), "the fence file of " + target + " " + what
                + ": another user may have put it there to refuse every write. Remove it; the next write under the"
                + " lock records its token again");
    }

    /** A record read back. */
    private record Recorded(long token, String space) {
    }

    /** The token and its space recorded, or {@code null} when none is (a new, empty file). */
    private static Recorded read(FileChannel channel, Path fence, Path target, long token) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_RECORD);
        int read;
        do {
            read = channel.read(buffer, buffer.position());
        } while (read > 0 && buffer.hasRemaining());
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            return null;
        }
        Matcher record = RECORD.matcher(text);
        Long recorded = record.matches() ? parsed(record.group(1)) : null;
        if (recorded == null) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new FileLockLostException(target, token, fence + " holds '" + shown + "', not a fencing token, so"
                    + " whether a later holder committed cannot be told; if no other host writes " + target
                    + " now, delete " + fence, null);
        }
        return new Recorded(recorded, record.group(2));
    }

    private static Long parsed(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }
}
