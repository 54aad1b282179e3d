package dev.resilientio.core.atomic;

import dev.resilientio.annotations.Durability;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.rules.SettingRules;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How one atomic write commits: backups kept, whether the temp starts as a copy of the target,
 * durability, and whether content that could not be committed is kept as a recovery file, and where.
 * Immutable and thread-safe.
 *
 * @param backups rotating backups kept, 0 to 100
 * @param copyExisting whether the temp file starts as a copy of the current target
 * @param durability {@link Durability#FSYNC} or {@link Durability#NONE}, never {@code DEFAULT}
 * @param keepFailed whether content whose write finally failed is kept as {@code <name>.failed}; default {@code false}.
 *     Only a {@code Pipeline} (annotated methods, the facades) keeps recovery files: a direct
 *     {@link AtomicFileWriter} user's failed temp is deleted as always
 * @param recoveryDir the absolute directory recovery files go to, or {@code null} (the default) for beside the target
 */
public record AtomicSettings(int backups, boolean copyExisting, Durability durability, boolean keepFailed,
        Path recoveryDir) {

    /**
     * Validates the settings.
     *
     * @param backups rotating backups kept, 0 to 100
     * @param copyExisting whether the temp file starts as a copy of the current target
     * @param durability {@link Durability#FSYNC} or {@link Durability#NONE}
     * @param keepFailed whether content whose write finally failed is kept as a recovery file
     * @param recoveryDir the absolute directory recovery files go to, or {@code null} for beside the target
     * @throws ResilientIoConfigException when a value is out of range
     */
    public AtomicSettings {
        SettingRules.checkBackups("backups", backups);
        Objects.requireNonNull(durability, "durability");
        if (durability == Durability.DEFAULT) {
            throw new ResilientIoConfigException("durability=DEFAULT is not allowed here: resolve it to FSYNC or NONE");
        }
        if (recoveryDir != null) {
            recoveryDir = SettingRules.parseRecoveryDir("recoveryDir", recoveryDir.toString());
        }
    }

    /**
     * Settings that keep no recovery file.
     *
     * @param backups rotating backups kept, 0 to 100
     * @param copyExisting whether the temp file starts as a copy of the current target
     * @param durability {@link Durability#FSYNC} or {@link Durability#NONE}
     * @throws ResilientIoConfigException when a value is out of range
     */
    public AtomicSettings(int backups, boolean copyExisting, Durability durability) {
        this(backups, copyExisting, durability, false, null);
    }

    /**
     * Returns a copy whose temp starts empty.
     *
     * @return the new settings
     */
    public AtomicSettings withoutCopy() {
        return copyExisting ? new AtomicSettings(backups, false, durability, keepFailed, recoveryDir) : this;
    }

    /**
     * Returns a copy with another number of backups.
     *
     * @param count rotating backups kept, 0 to 100
     * @return the new settings
     */
    public AtomicSettings withBackups(int count) {
        return new AtomicSettings(count, copyExisting, durability, keepFailed, recoveryDir);
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
