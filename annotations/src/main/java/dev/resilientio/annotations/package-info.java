/**
 * The annotations of resilient-io: {@link dev.resilientio.annotations.RetryFileOperation},
 * {@link dev.resilientio.annotations.FileLocked}, {@link dev.resilientio.annotations.AtomicWrite},
 * {@link dev.resilientio.annotations.FileCircuitBreaker}, {@link dev.resilientio.annotations.RecoverFromBackup}
 * and {@link dev.resilientio.annotations.TargetFile}.
 *
 * <p>They carry no behaviour and have no dependencies. The behaviour is woven in by the
 * {@code resilient-io-aspects} (AspectJ compile-time or load-time weaving) or the
 * {@code resilient-io-agent} (Byte Buddy) artifacts, and is also available without weaving through
 * {@code dev.resilientio.core.ResilientFiles}.
 *
 * <p>An attribute left at its sentinel default ({@code -1}, {@code ""} or {@code DEFAULT}) takes its
 * value from configuration: first the per-operation variable (for example
 * {@code RESILIENT_IO_TASKSTORE_SAVE_RETRY_MAX_ATTEMPTS}), else the global variable (for example
 * {@code RESILIENT_IO_RETRY_MAX_ATTEMPTS}), else the built-in default. A per-operation variable
 * also wins over a value written in the annotation, so operators can retune one operation
 * without a rebuild.
 */
package dev.resilientio.annotations;
