package dev.resilientio.core.atomic;

import dev.resilientio.annotations.Durability;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.rules.SettingRules;
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
            throw new ResilientIoConfigException("durability=DEFAULT is not allowed here: resolve it to FSYNC or NONE");
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
     * Tells whether commits fsync.
     *
     * @return {@code true} for {@link Durability#FSYNC}
     */
    public boolean fsync() {
        return durability == Durability.FSYNC;
    }
}
