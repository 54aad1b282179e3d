package dev.resilientio.core;

import dev.resilientio.annotations.Durability;
import java.util.Objects;

/**
 * How one atomic write commits: backups kept, whether the temp starts as a copy of the target, and
 * durability. Immutable and thread-safe.
 *
 * @param backups rotating backups kept, 0 to 100
 * @param copyExisting whether the temp file starts as a copy of the current target
 * @param durability {@link Durability#FSYNC} or {@link Durability#NONE}, never {@code DEFAULT}
 */
public record AtomicSettings(int backups, boolean copyExisting, Durability durability) {

    /** No backups, an empty temp, fsync: the built-in defaults. */
    public static final AtomicSettings DEFAULTS = new AtomicSettings(0, false, Durability.FSYNC);

    /**
     * Validates the settings.
     *
     * @param backups rotating backups kept, 0 to 100
     * @param copyExisting whether the temp file starts as a copy of the current target
     * @param durability {@link Durability#FSYNC} or {@link Durability#NONE}
     * @throws ResilientIoConfigException when a value is out of range
     */
    public AtomicSettings {
        SettingRules.checkBackups("backups", backups);
        Objects.requireNonNull(durability, "durability");
        if (durability == Durability.DEFAULT) {
            throw new ResilientIoConfigException("durability=DEFAULT is not allowed here: resolve it to FSYNC or NONE"
                    + " (ResilientIoConfig#atomicFor does)");
        }
    }

    /**
     * Returns a copy with another number of backups.
     *
     * @param count rotating backups kept, 0 to 100
     * @return the new settings
     */
    public AtomicSettings withBackups(int count) {
        return new AtomicSettings(count, copyExisting, durability);
    }

    /**
     * Returns a copy with another durability.
     *
     * @param value {@link Durability#FSYNC} or {@link Durability#NONE}
     * @return the new settings
     */
    public AtomicSettings withDurability(Durability value) {
        return new AtomicSettings(backups, copyExisting, value);
    }

    /**
     * Tells whether commits fsync.
     *
     * @return {@code true} for {@link Durability#FSYNC}
     */
    public boolean fsync() {
        return durability == Durability.FSYNC;
    }
}
