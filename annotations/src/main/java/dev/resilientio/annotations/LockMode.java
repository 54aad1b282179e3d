package dev.resilientio.annotations;

/** How a {@link FileLocked} method locks its file. */
public enum LockMode {
    /** Readers: any number of holders, in this JVM and in other processes, at once. */
    SHARED,
    /** Writers: one holder at a time, excluding every shared and exclusive holder. */
    EXCLUSIVE
}
