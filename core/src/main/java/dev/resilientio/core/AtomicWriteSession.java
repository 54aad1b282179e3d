package dev.resilientio.core;

import dev.resilientio.core.internal.Backups;
import dev.resilientio.core.internal.DirectorySync;
import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.LiveWrite;
import dev.resilientio.core.internal.OwnerGroupMode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One atomic write in progress: write the new content to {@link #temp()}, then {@link #commit()}.
 * Closing without a commit (or after a failed one) deletes the temp and leaves the target as it
 * was, so {@code try (var write = AtomicFileWriter.begin(...)) { ...; write.commit(); }} is safe on
 * every path. Not thread-safe: one thread writes and commits.
 */
public final class AtomicWriteSession implements AutoCloseable {

    /** The file system has no POSIX permissions: the commit changes none. */
    static final int MODE_IN_PLACE = -1;

    private static final LazyLogger LOG = new LazyLogger(AtomicWriteSession.class);

    private final Path target;
    private final Path temp;
    private final AtomicSettings settings;
    private int finalMode = MODE_IN_PLACE;
    private boolean done;
    /** Marks this write live while its temp exists; closed once the temp is renamed or deleted. */
    private LiveWrite live;

    AtomicWriteSession(Path target, Path temp, AtomicSettings settings) {
        this.target = target;
        this.temp = temp;
        this.settings = settings;
    }

    /**
     * Returns the file that the commit replaces: the caller's target with symlinks resolved.
     *
     * @return the resolved target
     */
    public Path target() {
        return target;
    }

    /**
     * Returns the temp file to write the new content to.
     *
     * @return the temp file, in the target's directory
     */
    public Path temp() {
        return temp;
    }

    /**
     * Makes the temp the target: fsync the temp, rotate backups, rename the temp over the target,
     * fsync the directory (the fsyncs only with {@code Durability.FSYNC}). When this returns, the
     * new content is in place and, with fsync, durable. When a step up to the rename throws, the
     * temp is deleted and the target is unchanged; when the final directory fsync throws, the new
     * content is already in place but may not survive a power loss.
     *
     * @throws IOException when a step fails; it names the file and the step
     * @throws IllegalStateException when the session is already committed or closed
     */
    public void commit() throws IOException {
        commit(false);
    }

    /** Records the mark that keeps cleanups off the temp until it is renamed or deleted. */
    void live(LiveWrite mark) {
        this.live = mark;
    }

    /** Records the mode the temp must have when it becomes the target, or {@link #MODE_IN_PLACE}. */
    void finalMode(int mode) {
        this.finalMode = mode;
    }

    /**
     * Gives the temp its final mode unless it has it already; before the fsync, so that it is synced
     * with the content. The temp is read again, not trusted to have the mode it was given: a body may
     * have put another file in its place.
     */
    void applyFinalPermissions() throws IOException {
        if (finalMode != MODE_IN_PLACE) {
            int mode = finalMode;
            finalMode = MODE_IN_PLACE;
            step("setting the permissions of the temp file for", () -> {
                if (OwnerGroupMode.read(temp, LinkOption.NOFOLLOW_LINKS).mode() != mode) {
                    // By path: the JDK's chmod that does not follow links opens the file to read it,
                    // which a temp that is only owner-writable (a target of mode 0000) does not allow.
                    OwnerGroupMode.setMode(temp, mode);
                }
            });
        }
    }

    void commit(boolean tempAlreadySynced) throws IOException {
        if (done) {
            throw new IllegalStateException("the atomic write of " + target + " is already committed or closed");
        }
        done = true;
        boolean fsync = settings.fsync();
        try {
            if (fsync && !tempAlreadySynced) {
                // Opened before the final mode is set: the temp is owner-writable until then, whatever
                // the target's mode is (even 0000), and the mode is then synced with the content.
                try (FileChannel channel = openTemp()) {
                    applyFinalPermissions();
                    step("syncing the temp file for", () -> channel.force(true));
                }
            } else {
                applyFinalPermissions();
            }
            if (settings.backups() > 0 && Files.exists(target)) {
                step("rotating the backups of", () -> Backups.rotate(target, settings.backups(), fsync));
            }
            step("renaming the temp file over", () ->
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
        } catch (IOException | RuntimeException | Error e) {
            deleteTemp(e);
            endLive();
            throw e;
        }
        endLive();
        if (fsync) {
            step("syncing the directory of", () -> DirectorySync.fsync(target.getParent()));
        }
    }

    /**
     * Abandons the write unless it was committed: deletes the temp and leaves the target as it was.
     * Never throws; a temp that cannot be deleted is logged and left for a later writer to clean.
     */
    @Override
    public void close() {
        if (!done) {
            done = true;
            deleteTemp(null);
        }
        endLive();
    }

    private void endLive() {
        if (live != null) {
            live.close();
            live = null;
        }
    }

    private FileChannel openTemp() throws IOException {
        try {
            return FileChannel.open(temp, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw IoErrors.describe(e, temp, "opening the temp file to sync it for", target, true);
        }
    }

    private void deleteTemp(Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
            LOG.get().warn("Could not delete the temp file {} of {}; a later write will remove it: {}", temp, target, e.toString());
        }
    }

    private void step(String what, IoStep step) throws IOException {
        try {
            step.run();
        } catch (IOException e) {
            throw IoErrors.describe(e, temp, what, target, !what.startsWith("syncing the directory"));
        }
    }

    @FunctionalInterface
    private interface IoStep {
        void run() throws IOException;
    }
}
