package dev.resilientio.core.atomic;

import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.Seam;
import dev.resilientio.core.lock.Fencing;
import dev.resilientio.core.lock.LiveWrite;
import dev.resilientio.core.seam.FaultSeam;
import dev.resilientio.core.seam.SimulatedCrash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.LongConsumer;

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
    private CreatedFile created;
    private final Path temp;
    private final AtomicSettings settings;
    private int finalMode = MODE_IN_PLACE;
    /** What the temp's name held at the last check: the file created, or a body's own replacement. */
    private CreatedFile.Holds holds = CreatedFile.Holds.CREATED;
    private boolean done;
    /** Marks this write live while its temp exists; closed once the temp is renamed or deleted. */
    private LiveWrite live;
    /** Another user put a file in the temp's place: it is not this session's to delete. */
    private boolean foreign;
    /** Whether a body may have put its own new file in the temp's place. */
    private boolean replacementAllowed = true;
    /** The content was written and synced through the temp's own channel. */
    private boolean contentSynced;
    private boolean skipBackups;
    /** The bytes the engine writes as the whole content ({@link #writeContent}), kept for a recovery file. */
    private byte[] heldContent;
    /** Told the former size of the target when the temp is empty at the commit over a target with content. */
    private LongConsumer emptyOverContent;
    /** A failed commit left the complete temp in place for a recovery file; see {@link #failedContent()}. */
    private boolean tempKept;
    /** The operation this write belongs to, for its event and injected faults; {@code null} outside one. */
    private final String operation;
    /** The times of the steps, while someone observes the engine; else {@link CommitTiming#OFF}. */
    private final CommitTiming timing;
    /** A test's seam stopped this write as a crash would: whatever is on disk stays. */
    private boolean crashed;

    AtomicWriteSession(Path target, CreatedFile created, AtomicSettings settings, String operation) {
        this.target = target;
        this.created = created;
        this.temp = created.path();
        this.settings = settings;
        this.operation = operation;
        this.timing = CommitTiming.ofWriteStartingNow();
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
        commit(contentSynced);
    }

    /**
     * Writes the whole new content through the channel that created the temp, never through a name
     * another user could replace, and syncs it there; for callers that have the content as bytes.
     * No body may write the temp besides.
     *
     * @param content the new content
     * @throws IOException when writing or syncing fails; it names the temp and the target
     */
    public void writeContent(byte[] content) throws IOException {
        replacementAllowed = false;
        heldContent = content;
        FileChannel channel = created.channel();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw IoErrors.describe(e, temp, "writing the temp file for", target, true);
        }
        applyFinalPermissions();
        if (settings.fsync()) {
            try {
                syncTemp(channel);
            } catch (SimulatedCrash crash) {
                throw crashed(crash);
            }
        }
        contentSynced = true;
    }

    /**
     * Asks the commit to tell a warning when the temp it is about to make the target is empty while
     * the target has content (a body that wrote nothing), with the target's size. Checked with the
     * commit's own look at the temp, so it costs no system call when the temp has content.
     *
     * @param warning given the target's size in bytes
     */
    public void onEmptyOverContent(LongConsumer warning) {
        emptyOverContent = warning;
    }

    /**
     * Commits without rotating backups: for content recovered from a backup, whose corrupt
     * predecessor must not push a good backup out.
     */
    public void skipBackups() {
        skipBackups = true;
    }

    /**
     * Returns the content of this write after it failed, for a recovery file, when the settings keep
     * failed content and the content was complete: the temp a failed commit left in place (marked
     * live until the content is kept or discarded), or the bytes the engine was writing with
     * {@link #writeContent}, even when writing them failed. Call it once, after the failure and before
     * {@link #close()}.
     *
     * @return the content, or {@code null} when there is none to keep
     */
    public FailedContent failedContent() {
        if (!settings.keepFailed()) {
            return null;
        }
        if (tempKept) {
            tempKept = false;
            LiveWrite mark = live;
            live = null;
            return FailedContent.ofTemp(target, created, replacementAllowed, mark, heldContent);
        }
        return heldContent == null ? null : FailedContent.ofBytes(target, heldContent);
    }

    /** Records the mark that keeps cleanups off the temp until it is renamed or deleted. */
    void live(LiveWrite mark) {
        this.live = mark;
    }

    /** Records the mode the temp must have when it becomes the target, or {@link #MODE_IN_PLACE}. */
    void finalMode(int mode) {
        this.finalMode = mode;
    }

    /** Another user put a file in the temp's place: close leaves it alone. */
    void foreignTemp() {
        foreign = true;
    }

    /**
     * Gives the temp its final mode unless it has it already; before the fsync, so that it is synced
     * with the content. The temp is checked again, not trusted: a body may have put its own new file in
     * its place (accepted: a regular file of this process's user with one link), and another user who
     * may write in the directory may have put a link or a foreign file there (refused, left alone).
     */
    private void applyFinalPermissions() throws IOException {
        int mode = finalMode;
        finalMode = MODE_IN_PLACE;
        step("setting the permissions of the temp file for", () -> holds = mode == MODE_IN_PLACE
                ? created.check(replacementAllowed) : created.setModeIfDifferent(mode, replacementAllowed));
    }

    private void commit(boolean tempAlreadySynced) throws IOException {
        if (done) {
            throw new IllegalStateException("the atomic write of " + target + " is already committed or closed");
        }
        done = true;
        boolean fsync = settings.fsync();
        timing.commitStarts();
        try {
            if (!tempAlreadySynced) {
                step("checking the temp file for", () -> holds = created.check(replacementAllowed));
                if (emptyOverContent != null) {
                    warnIfEmptyOverContent();
                }
                // A body's own new file is opened before its final mode is set: it is owner-writable
                // until then, whatever the target's mode is (even 0000). The temp created is synced
                // through the channel that created it.
                try (FileChannel replacement = fsync && holds == CreatedFile.Holds.REPLACEMENT ? openReplacement() : null) {
                    int mode = finalMode;
                    finalMode = MODE_IN_PLACE;
                    if (mode != MODE_IN_PLACE) {
                        step("setting the permissions of the temp file for", () -> created.setModeAsChecked(mode));
                    }
                    if (fsync) {
                        syncTemp(replacement == null ? created.channel() : replacement);
                    }
                }
            }
            timing.renameStarts(this);
            // A write that keeps failed content holds the temp open until the rename: a kept temp is then
            // read, synced and verified through the descriptor of the file written, never reopened by name.
            if (!settings.keepFailed() || !created.hasIdentity()) {
                step("closing the temp file for", created::close);
            }
            // Under a lock across hosts, the grant must still be held and no later one committed, before
            // anything changes (a fenced-out write must not rotate the newer holder's backups).
            Fencing.Fence fence = Fencing.beforeCommit(target, fsync, operation);
            if (settings.backups() > 0 && !skipBackups && Files.exists(target)) {
                step("rotating the backups of", () -> Backups.rotate(target, settings.backups(), fsync));
            }
            // Last: what is renamed over the target must be the file written, never a link or another
            // user's file put in its place meanwhile.
            step("checking the temp file for", () -> created.check(replacementAllowed));
            fence.beforeRename();
            step("renaming the temp file over", () -> {
                Seam.before(FaultSeam.Step.RENAME, operation, target);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            });
        } catch (SimulatedCrash crash) {
            throw crashed(crash);
        } catch (IOException | RuntimeException | Error e) {
            if (!keepTemp(e)) {
                deleteTemp(e);
                endLive();
            }
            throw e;
        }
        try {
            created.close();
        } catch (IOException e) {
            LOG.warn("Could not close the renamed temp file of {}: {}", target, e.toString());
        }
        endLive();
        timing.renameEnds();
        if (fsync) {
            long start = timing.start();
            // The new content is in place already: the message must not say the target is unchanged.
            step("syncing the directory of", false, () -> {
                Seam.before(FaultSeam.Step.DIRECTORY_FSYNC, operation, target);
                DirectorySync.fsync(target.getParent());
            });
            timing.directorySynced(start);
        }
        timing.published(operation, target);
    }

    private void warnIfEmptyOverContent() {
        try {
            long size = created.checkedSize();
            if ((size < 0 ? Files.size(temp) : size) == 0) {
                long former = Files.size(target);
                if (former > 0) {
                    emptyOverContent.accept(former);
                }
            }
        } catch (IOException newTarget) {
            // A new target has no content to lose.
        }
    }

    /** Syncs the temp's content, timed for the commit's event; a test's seam may fail or crash it first. */
    private void syncTemp(FileChannel channel) throws IOException {
        long start = timing.start();
        step("syncing the temp file for", () -> {
            Seam.before(FaultSeam.Step.TEMP_FSYNC, operation, target);
            channel.force(true);
        });
        timing.synced(start);
    }

    /**
     * The size of the content written, read only for the commit's event: the bytes the engine
     * wrote, the size of the temp's channel, or of the body's own file in the temp's place (which
     * the channel of the file created does not see); -1 when it cannot be read.
     */
    long size() {
        if (heldContent != null) {
            return heldContent.length;
        }
        try {
            return holds == CreatedFile.Holds.REPLACEMENT
                    ? Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size()
                    : created.channel().size();
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    /**
     * Stops this write where a test's {@link SimulatedCrash} stopped it, in the commit or before it
     * (at the attempt, or in the body): the temp stays as it is on disk, its channel closed and its
     * live mark ended, as a killed process leaves them; {@link #close()} then deletes nothing.
     *
     * @param crash the crash
     * @return {@code crash}, to rethrow
     */
    public SimulatedCrash crashed(SimulatedCrash crash) {
        if (crashed) {
            return crash;
        }
        crashed = true;
        done = true;
        tempKept = false;
        try {
            created.close();
        } catch (IOException | RuntimeException e) {
            crash.addSuppressed(e);
        }
        endLive();
        return crash;
    }

    /**
     * Abandons the write unless it was committed: deletes the temp and leaves the target as it was.
     * Never throws; a temp that cannot be deleted is logged and left for a later writer to clean.
     */
    @Override
    public void close() {
        if (crashed) {
            return;
        }
        if (!done || tempKept) {
            // A temp kept for a recovery file that nobody took is deleted like any other.
            done = true;
            tempKept = false;
            deleteTemp(null);
        }
        endLive();
    }

    /**
     * Leaves the temp of a failed commit in place, open and still marked live, when failed content
     * is kept and its name still holds the file written; else the caller deletes it as usual. A body's
     * own new file in the temp's place is reopened for reading: the channel kept must hold the content.
     */
    private boolean keepTemp(Throwable failure) {
        if (!settings.keepFailed() || foreign) {
            return false;
        }
        try {
            if (created.check(replacementAllowed) == CreatedFile.Holds.REPLACEMENT && created.hasIdentity()) {
                created = created.reopenReplacement();
            }
        } catch (CreatedFile.ForeignFileException e) {
            foreign = true;
            return false;
        } catch (IOException | RuntimeException gone) {
            return false;
        }
        if (!created.hasIdentity()) {
            try {
                created.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        tempKept = true;
        return true;
    }

    private void endLive() {
        if (live != null) {
            live.close();
            live = null;
        }
    }

    private FileChannel openReplacement() throws IOException {
        try {
            return FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw IoErrors.describe(e, temp, "opening the temp file to sync it for", target, true);
        }
    }

    private void deleteTemp(Throwable failure) {
        try {
            created.close();
        } catch (IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
        if (foreign) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
            LOG.warn("Could not delete the temp file {} of {}; a later write will remove it: {}", temp, target, e.toString());
        }
    }

    private void step(String what, IoStep step) throws IOException {
        step(what, true, step);
    }

    private void step(String what, boolean targetUnchanged, IoStep step) throws IOException {
        try {
            step.run();
        } catch (CreatedFile.ForeignFileException e) {
            // Its reason names what was found and what to do; the generic advice would mislead.
            foreign = true;
            throw e;
        } catch (RefusedFileException e) {
            throw e;
        } catch (IOException e) {
            throw IoErrors.describe(e, temp, what, target, targetUnchanged);
        }
    }

    @FunctionalInterface
    private interface IoStep {
        void run() throws IOException;
    }
}
