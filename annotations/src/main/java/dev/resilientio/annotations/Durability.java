package dev.resilientio.annotations;

/** How hard an {@link AtomicWrite} works to make the new content survive a power loss. */
public enum Durability {
    /**
     * Take the value from configuration: {@code RESILIENT_IO_ATOMIC_DURABILITY}
     * (system property {@code resilientio.atomic.durability}), built-in default {@link #FSYNC}.
     */
    DEFAULT,
    /**
     * Fsync the temp file before it replaces the target and fsync the directory after: once the
     * method returns, the new content survives a crash or a power loss.
     */
    FSYNC,
    /**
     * Skip both fsyncs: the replace is still atomic (readers see the old or the new file, never a
     * mix, and a killed process leaves the old file), but a power loss may lose the new content.
     */
    NONE
}
