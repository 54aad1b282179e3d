package dev.resilientio.core.pipeline;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.breaker.BreakerRegistry;
import dev.resilientio.core.breaker.CircuitBreakerSettings;
import dev.resilientio.core.config.OperationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.retry.FileRetry;
import java.util.List;
import java.util.Objects;

/**
 * The policies one operation runs through, in the one order of the design whatever order they were
 * asked for in: deadline (outermost), retry, circuit breaker, lock, recovery from backup, atomic write
 * (innermost). Every entry point (the aspects' and the agent's advice, {@code ResilientFiles}, {@code FileOperation} and the helpers
 * built on it) builds its pipeline once per operation and configuration snapshot and runs each call
 * as a {@link Call} through it; a pipeline that is a retry alone may instead be run as that retry
 * around the body ({@link #retryAlone()}). Immutable and thread-safe.
 */
public final class Pipeline {

    private final OperationSettings settings;
    private final Policy first;

    private Pipeline(OperationSettings settings, Policy first) {
        this.settings = settings;
        this.first = first;
    }

    /**
     * Starts a pipeline for an operation's settings.
     *
     * @param settings the operation's settings
     * @return a new builder; not thread-safe
     */
    public static Builder builder(OperationSettings settings) {
        return new Builder(settings);
    }

    /**
     * Returns the settings the policies were built from.
     *
     * @return the settings
     */
    public OperationSettings settings() {
        return settings;
    }

    Policy first() {
        return first;
    }

    /**
     * Returns the retry of a pipeline that is a retry alone (no deadline, lock or atomic write): a
     * call of it needs no {@link Call}, only that retry around its body, so an entry point may run
     * it so and spare the success path of the commonest annotation an object per call.
     *
     * @return the retry, or {@code null} when the pipeline has other policies too
     */
    public FileRetry retryAlone() {
        return first instanceof RetryPolicy && first.next == Policy.Body.INSTANCE ? ((RetryPolicy) first).retry() : null;
    }

    /** Builds a {@link Pipeline}; not thread-safe. */
    public static final class Builder {
        private final OperationSettings settings;
        private boolean retry;
        private LockMode lockMode;
        private boolean atomicWrite;
        private CircuitBreakerSettings circuitBreaker;
        private String circuitBreakerUser;
        /** The recovery's caller, types and restore flag; its policy is linked when the pipeline is built. */
        private String recoveryCaller;
        private List<Class<? extends Throwable>> recoveryOn;
        private boolean restore;
        private ResilientIoConfig circuitBreakerSnapshot;

        private Builder(OperationSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /**
         * Retries the call as the settings say.
         *
         * @return this builder
         */
        public Builder retry() {
            retry = true;
            return this;
        }

        /**
         * Holds a lock on the call's target around each attempt.
         *
         * @param mode shared or exclusive
         * @return this builder
         */
        public Builder lock(LockMode mode) {
            lockMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Recovers a read of the call's read target from its backups when its content is corrupt,
         * inside the lock; with {@code restore}, also puts the backup that served back in place,
         * and then takes the exclusive lock itself when no lock was asked for.
         *
         * @param caller names the reader in the WARN of a recovery, such as {@code com.example.Store.load}
         * @param on more types that mean corrupt content, besides the built-in ones; may be empty
         * @param restore whether to put the backup that served back over the corrupt target
         * @return this builder
         */
        public Builder recoverFromBackup(String caller, List<Class<? extends Throwable>> on, boolean restore) {
            recoveryCaller = Objects.requireNonNull(caller, "caller");
            recoveryOn = List.copyOf(on);
            this.restore = restore;
            return this;
        }

        /**
         * Gives each attempt a temp file that replaces the call's write target atomically when the body returns.
         *
         * @return this builder
         */
        public Builder atomicWrite() {
            atomicWrite = true;
            return this;
        }

        /**
         * Passes each attempt through a circuit breaker, the JVM's one of that name.
         *
         * @param settings the breaker's settings, as {@code ResilientIoConfig#circuitBreaker} resolves
         *     them; {@code null} for none
         * @param user the method or operation that names it, for the WARN when it names it with other settings
         * @param snapshot the configuration snapshot the settings were resolved from: a newer one with
         *     other settings replaces the breaker ({@link BreakerRegistry})
         * @return this builder
         */
        public Builder circuitBreaker(CircuitBreakerSettings settings, String user, ResilientIoConfig snapshot) {
            circuitBreaker = settings;
            circuitBreakerUser = Objects.requireNonNull(user, "user");
            circuitBreakerSnapshot = Objects.requireNonNull(snapshot, "snapshot");
            return this;
        }

        /**
         * Builds the pipeline, its policies in the design's order.
         *
         * @return the pipeline
         * @throws IllegalStateException when a restoring recovery is asked for with a shared lock
         */
        public Pipeline build() {
            if (recoveryCaller != null && restore && lockMode == LockMode.SHARED) {
                throw new IllegalStateException("recoverFromBackup with restore needs the exclusive lock, not SHARED:"
                        + " the restore replaces the file that other holders of the lock read");
            }
            // Linked from the innermost out: the body, then atomic write, recovery, lock, circuit breaker, retry, deadline.
            Policy first = Policy.Body.INSTANCE;
            if (atomicWrite) {
                first = new AtomicWritePolicy(settings.atomic(), first);
            }
            if (recoveryCaller != null) {
                first = new RecoveryPolicy(recoveryCaller, recoveryOn, restore, first);
            }
            LockMode lock = lockMode == null && recoveryCaller != null && restore ? LockMode.EXCLUSIVE : lockMode;
            if (lock != null) {
                first = new LockPolicy(lock, settings.lockTimeout(), first);
            }
            if (circuitBreaker != null) {
                first = new CircuitBreakerPolicy(BreakerRegistry.shared().breaker(circuitBreaker, circuitBreakerUser,
                        circuitBreakerSnapshot), first);
            }
            if (retry) {
                first = new RetryPolicy(FileRetry.of(settings.name(), settings.retry()), first);
            }
            if (settings.maxDuration() != null) {
                first = new DeadlinePolicy(settings.maxDuration(), first);
            }
            if (atomicWrite && settings.atomic().keepFailed()) {
                // Outside the rest: only the call's final failure keeps a recovery file.
                first = new RecoveryFilePolicy(settings.name(), settings.atomic(), first);
            }
            return new Pipeline(settings, first);
        }
    }
}
