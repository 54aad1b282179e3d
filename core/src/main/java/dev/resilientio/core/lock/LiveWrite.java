package dev.resilientio.core.lock;

import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.internal.IoErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Marks one atomic write as in progress for as long as its temp file exists: it holds the LIVE
 * byte of the target's lock file shared ({@link LockEntry#holdLive(long)}), which the OS
 * drops when the process dies. The cleanup of leftover temps removes a target's temps only while it
 * holds LIVE exclusively ({@link #ifNoneLive}), so never those of a live write, however old their modification time.
 * With {@code RESILIENT_IO_LOCK_OS=false} no OS lock is taken: no write is marked, and no cleanup
 * runs, since none could tell a crashed writer's temp from a live one. Not thread-safe; closing twice
 * is harmless.
 */
public final class LiveWrite implements AutoCloseable {

    /** A cleanup holds LIVE exclusively for a few deletions; waiting longer means something else holds it. */
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private LockEntry entry;

    private LiveWrite(LockEntry entry) {
        this.entry = entry;
    }

    /**
     * Marks a write of the target as live; call before its temp file is created.
     *
     * @param resolved the resolved target
     * @param target the target as the caller gave it, for the message
     * @return the mark, to close once the temp is renamed over the target or deleted
     * @throws IOException when the lock file cannot be opened, or a cleanup holds LIVE for too long
     */
    public static LiveWrite begin(Path resolved, Path target) throws IOException {
        if (!ResilientIoConfig.global().locks().osLocks()) {
            // No OS locks may be taken (a share whose locks hang): no mark, and no cleanup removes a temp.
            return new LiveWrite(null);
        }
        Path lockFile = FileLocks.lockFileOf(resolved);
        LockRegistry registry = LockRegistry.instance();
        LockEntry entry = registry.retain(lockFile, resolved);
        boolean held = false;
        try {
            entry.holdLive(MAX_WAIT_NANOS);
            held = true;
        } catch (IOException e) {
            throw IoErrors.describe(e, lockFile, "marking as in progress, in its lock file, the atomic write of", target, true);
        } finally {
            if (!held) {
                registry.release(entry);
            }
        }
        return new LiveWrite(entry);
    }

    /** Ends the mark: a cleanup may remove the target's temps from now on. Never throws. */
    @Override
    public void close() {
        LockEntry held = entry;
        if (held == null) {
            return;
        }
        entry = null;
        try {
            held.releaseLive();
        } finally {
            LockRegistry.instance().release(held);
        }
    }

    /**
     * Runs an action while no write of any of the targets is live in any process: holds LIVE
     * exclusively on the lock file of each target for the length of the action. Gives up at once,
     * without running it, when one is live.
     *
     * @param targets the resolved targets whose writes must not be live; their lock files must exist
     * @param action what to run, such as deleting the targets' leftover temps
     * @return whether the action ran
     * @throws IOException when a lock file cannot be opened
     */
    public static boolean ifNoneLive(List<Path> targets, Runnable action) throws IOException {
        if (!ResilientIoConfig.global().locks().osLocks()) {
            return false;
        }
        LockRegistry registry = LockRegistry.instance();
        List<LockEntry> retained = new ArrayList<>(targets.size());
        List<LockEntry> exclusive = new ArrayList<>(targets.size());
        try {
            for (Path target : targets) {
                LockEntry entry = registry.retain(FileLocks.lockFileOf(target), target);
                retained.add(entry);
                if (!entry.tryLiveExclusive()) {
                    return false;
                }
                exclusive.add(entry);
            }
            if (exclusive.isEmpty()) {
                return false;
            }
            action.run();
            return true;
        } finally {
            for (LockEntry entry : exclusive) {
                entry.releaseLiveExclusive();
            }
            for (LockEntry entry : retained) {
                registry.release(entry);
            }
        }
    }
}
