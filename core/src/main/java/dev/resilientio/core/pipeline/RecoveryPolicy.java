package dev.resilientio.core.pipeline;

import dev.resilientio.core.FileCorruptionException;
import dev.resilientio.core.atomic.TrustedBackups;
import dev.resilientio.core.events.BackupRecovered;
import dev.resilientio.core.internal.CorruptContent;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.RefusedFileException;
import dev.resilientio.core.internal.ResolvedTarget;
import dev.resilientio.core.retry.TransientIoClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recovers a read from the backups of its target when the content is corrupt: runs the rest of the
 * pipeline on the target; when that fails with corrupt content ({@link CorruptContent}, plus the
 * caller's own types), runs it again reading each trusted backup, newest first, until one succeeds.
 * Logs one WARN naming the caller, the target and the backup that served; with {@code restore},
 * first puts that backup back over the target (the lock around it is exclusive). When every backup
 * fails, throws {@link FileCorruptionException} with their failures suppressed; a backup that fails
 * with a transient IO error (a busy share) ends the recovery with that error, the rest suppressed,
 * so that a retry around may try again; with no backup at all, and for any failure that is not corruption, the
 * body's own failure propagates unchanged.
 */
final class RecoveryPolicy extends Policy {

    private static final LazyLogger LOG = new LazyLogger(RecoveryPolicy.class);

    private final String caller;
    private final List<Class<? extends Throwable>> on;
    private final boolean restore;

    RecoveryPolicy(String caller, List<Class<? extends Throwable>> on, boolean restore, Policy next) {
        super(next);
        this.caller = caller;
        this.on = List.copyOf(on);
        this.restore = restore;
    }

    @Override
    Object apply(Call call) throws Throwable {
        try {
            return next.apply(call);
        } catch (Throwable failure) {
            if (call.readTarget() == null || !CorruptContent.isCorrupt(failure, on)) {
                throw failure;
            }
            return recover(call, failure);
        }
    }

    private Object recover(Call call, Throwable corrupt) throws Throwable {
        ResolvedTarget target = call.resolvedReadTarget();
        TrustedBackups backups = TrustedBackups.of(target.path());
        List<Path> found = backups.existing();
        if (found.isEmpty()) {
            throw corrupt;
        }
        List<Path> tried = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (Path backup : found) {
            try {
                backups.check(backup);
            } catch (RefusedFileException untrusted) {
                LOG.warn("{}: {} is corrupt ({}); skipped {}: {}", caller, target.given(), firstLine(corrupt), backup,
                        untrusted.getReason());
                skipped.add(backup);
                failures.add(untrusted);
                continue;
            } catch (IOException unreadable) {
                tried.add(backup);
                throwIfTransient(unreadable, corrupt, failures);
                failures.add(unreadable);
                continue;
            }
            tried.add(backup);
            Object result;
            call.readFrom(backup);
            try {
                result = next.apply(call);
            } catch (Throwable failure) {
                throwIfTransient(failure, corrupt, failures);
                failures.add(failure);
                continue;
            } finally {
                call.readFrom(null);
            }
            boolean restored = served(target, backup, backups, corrupt);
            if (Events.observed()) {
                Events.publish(new BackupRecovered(call.operation(), target.given(), backup, restored, corrupt));
            }
            return result;
        }
        FileCorruptionException none = new FileCorruptionException(target.given(), tried, skipped, corrupt);
        failures.forEach(none::addSuppressed);
        throw none;
    }

    /**
     * Logs the one WARN of a recovery, after restoring the backup where asked: a restore that fails
     * leaves the file corrupt but the read served, so the WARN says so and the next read recovers again.
     *
     * @return whether the backup was restored over the target
     */
    private boolean served(ResolvedTarget target, Path backup, TrustedBackups backups, Throwable corrupt) {
        if (!restore) {
            LOG.warn("{}: {} is corrupt ({}); read its content from the backup {} instead. Restore the file from"
                    + " that backup, or use @RecoverFromBackup(restore = true).", caller, target.given(),
                    firstLine(corrupt), backup);
            return false;
        }
        try {
            backups.restore(target, backup);
        } catch (IOException | RuntimeException failed) {
            LOG.warn("{}: {} is corrupt ({}); read its content from the backup {} instead, but could not restore"
                    + " that backup over it ({}), so the file is still corrupt. Restore it by hand.", caller,
                    target.given(), firstLine(corrupt), backup, firstLine(failed));
            return false;
        }
        LOG.warn("{}: {} is corrupt ({}); read its content from the backup {} instead, and restored that backup"
                + " over it.", caller, target.given(), firstLine(corrupt), backup);
        return true;
    }

    /**
     * A backup that cannot be read for now (a busy share) ends the recovery with that error, the others
     * suppressed: a retry around may then read it, rather than an older backup serving or the whole
     * read ending as corrupt, which no retry would try again.
     */
    private static void throwIfTransient(Throwable failure, Throwable corrupt, List<Throwable> earlier) throws Throwable {
        if (TransientIoClassifier.forCurrentOs().isTransient(failure)) {
            failure.addSuppressed(corrupt);
            earlier.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** Parsers put the location on further lines; one line keeps the WARN readable in a log. */
    private static String firstLine(Throwable failure) {
        String text = failure.toString();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).stripTrailing();
    }
}
