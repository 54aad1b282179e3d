package dev.resilientio.core.internal.jfr;

import dev.resilientio.core.events.AtomicWriteCommitted;
import dev.resilientio.core.events.BackupRecovered;
import dev.resilientio.core.events.CircuitStateChanged;
import dev.resilientio.core.events.LockAcquired;
import dev.resilientio.core.events.LockTimedOut;
import dev.resilientio.core.events.ResilientIoEvent;
import dev.resilientio.core.events.RetryScheduled;
import java.nio.file.Path;

/** Commits the engine's JFR events; loaded only while a recording runs, since loading an event class registers it with the recorder. */
final class JfrBridge {

    private JfrBridge() {
    }

    static Object begin(JfrEvents.Kind kind) {
        // Each event typed as itself: a common supertype here would make the verifier load both classes.
        if (kind == JfrEvents.Kind.LOCK_WAIT) {
            LockWaitEvent event = new LockWaitEvent();
            event.begin();
            return event;
        }
        AtomicCommitEvent event = new AtomicCommitEvent();
        event.begin();
        return event;
    }

    static void commit(Object begun, ResilientIoEvent event) {
        if (event instanceof LockAcquired acquired) {
            LockWaitEvent jfr = begun instanceof LockWaitEvent started ? started : new LockWaitEvent();
            if (jfr.isEnabled()) {
                jfr.end();
                jfr.set(acquired.operation(), acquired.target(), acquired.mode().name(), true, acquired.waited().toNanos(), "");
                jfr.commit();
            }
        } else if (event instanceof LockTimedOut timedOut) {
            LockWaitEvent jfr = begun instanceof LockWaitEvent started ? started : new LockWaitEvent();
            if (jfr.isEnabled()) {
                jfr.end();
                jfr.set(timedOut.operation(), timedOut.target(), timedOut.mode().name(), false,
                        timedOut.waited().toNanos(), timedOut.heldBy());
                jfr.commit();
            }
        } else if (event instanceof AtomicWriteCommitted committed) {
            AtomicCommitEvent jfr = begun instanceof AtomicCommitEvent started ? started : new AtomicCommitEvent();
            if (jfr.isEnabled()) {
                jfr.end();
                jfr.operation = committed.operation();
                jfr.target = text(committed.target());
                jfr.bytes = committed.bytes();
                jfr.write = committed.write().toNanos();
                jfr.fsync = committed.fsync().toNanos();
                jfr.rename = committed.rename().toNanos();
                jfr.directoryFsync = committed.directoryFsync().toNanos();
                jfr.commit();
            }
        } else if (event instanceof RetryScheduled retry) {
            RetryEvent jfr = new RetryEvent();
            if (jfr.isEnabled()) {
                jfr.operation = retry.operation();
                jfr.target = text(retry.target());
                jfr.attempt = retry.attempt();
                jfr.maxAttempts = retry.maxAttempts();
                jfr.delay = retry.delay().toNanos();
                jfr.failure = retry.failure().toString();
                jfr.commit();
            }
        } else if (event instanceof BackupRecovered recovered) {
            BackupRecoveryEvent jfr = new BackupRecoveryEvent();
            if (jfr.isEnabled()) {
                jfr.operation = recovered.operation();
                jfr.target = text(recovered.target());
                jfr.backup = text(recovered.backup());
                jfr.restored = recovered.restored();
                jfr.corruption = recovered.corruption().toString();
                jfr.commit();
            }
        } else if (event instanceof CircuitStateChanged changed) {
            CircuitTransitionEvent jfr = new CircuitTransitionEvent();
            if (jfr.isEnabled()) {
                jfr.breaker = changed.breaker();
                jfr.from = changed.from().name();
                jfr.to = changed.to().name();
                jfr.lastFailure = changed.lastFailure() == null ? null : changed.lastFailure().toString();
                jfr.commit();
            }
        }
    }

    private static String text(Path path) {
        return path == null ? null : path.toString();
    }
}
