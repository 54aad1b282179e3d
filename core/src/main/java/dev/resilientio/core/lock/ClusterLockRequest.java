package dev.resilientio.core.lock;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.config.LockSettings;
import java.nio.file.Path;

/**
 * What the engine asks of a {@link ClusterLockProvider}.
 *
 * @param key the lock key: the target's real path, or its path relative to
 *     {@code RESILIENT_IO_LOCK_SHARED_ROOT} when the target is under it, always with {@code /} between names
 * @param target the target, resolved, for messages
 * @param mode shared or exclusive
 * @param timeoutNanos how long to wait at most
 * @param settings the provider's settings, of the configuration in effect
 */
public record ClusterLockRequest(String key, Path target, LockMode mode, long timeoutNanos, LockSettings settings) {
}
