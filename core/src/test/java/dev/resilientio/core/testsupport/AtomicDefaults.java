package dev.resilientio.core.testsupport;

import dev.resilientio.annotations.Durability;
import dev.resilientio.core.atomic.AtomicSettings;

/** Atomic-write settings for tests that call the writer directly. */
public final class AtomicDefaults {

    /** The built-in defaults: no backups, an empty temp, fsync. */
    public static final AtomicSettings FSYNC = new AtomicSettings(0, false, Durability.FSYNC);
    /** No backups, an empty temp, no fsync: for tests that write many files. */
    public static final AtomicSettings NO_FSYNC = new AtomicSettings(0, false, Durability.NONE);

    private AtomicDefaults() {
    }
}
