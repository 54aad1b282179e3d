package dev.resilientio.core.pipeline;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.config.OperationSettings;
import dev.resilientio.core.retry.FileRetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The policies one operation runs through, in the one order of the design whatever order they were
 * asked for in: deadline (outermost), retry, lock, atomic write (innermost). Every entry point (the
 * aspects' and the agent's advice, {@code ResilientFiles}, {@code FileOperation} and the helpers
 * built on it) builds its pipeline once per operation and configuration snapshot and runs each call
 * as a {@link Call} through it. Immutable and thread-safe.
 */
public final class Pipeline {

    private final OperationSettings settings;
    private final Policy[] policies;

    private Pipeline(OperationSettings settings, Policy[] policies) {
        this.settings = settings;
        this.policies = policies;
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

    Policy[] policies() {
        return policies;
    }

    /** Builds a {@link Pipeline}; not thread-safe. */
    public static final class Builder {
        private final OperationSettings settings;
        private boolean retry;
        private LockMode lockMode;
        private boolean atomicWrite;

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
         * Gives each attempt a temp file that replaces the call's write target atomically when the body returns.
         *
         * @return this builder
         */
        public Builder atomicWrite() {
            atomicWrite = true;
            return this;
        }

        /**
         * Builds the pipeline, its policies in the design's order.
         *
         * @return the pipeline
         */
        public Pipeline build() {
            List<Policy> policies = new ArrayList<>(4);
            if (settings.maxDuration() != null) {
                policies.add(new DeadlinePolicy(settings.maxDuration()));
            }
            if (retry) {
                policies.add(new RetryPolicy(FileRetry.of(settings.name(), settings.retry())));
            }
            if (lockMode != null) {
                policies.add(new LockPolicy(lockMode, settings.lockTimeout()));
            }
            if (atomicWrite) {
                policies.add(new AtomicWritePolicy(settings.atomic()));
            }
            return new Pipeline(settings, policies.toArray(new Policy[0]));
        }
    }
}
