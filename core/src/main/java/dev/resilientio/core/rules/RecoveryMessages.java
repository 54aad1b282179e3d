package dev.resilientio.core.rules;

/**
 * The words for misuse of {@code @RecoverFromBackup}, shared by the runtime and the compile-time
 * checks of resilient-io-processor, so both say the same thing. Methods are named as
 * {@code com.example.TaskStore.load(Path)}.
 */
public final class RecoveryMessages {

    private RecoveryMessages() {
    }

    /**
     * {@code @RecoverFromBackup} and {@code @AtomicWrite} on one method.
     *
     * @param method as the message names it
     * @return the message
     */
    public static String withAtomicWrite(String method) {
        return "@RecoverFromBackup and @AtomicWrite are both on " + method + ": @RecoverFromBackup is for methods"
                + " that read the file, @AtomicWrite for methods that write it, and one method cannot be"
                + " redirected to a backup and to a temp file at once. Read in one method (@RecoverFromBackup) and"
                + " write in another (@AtomicWrite(backups = N)), or remove one of them.";
    }

    /**
     * {@code @RecoverFromBackup(restore = true)} with {@code @FileLocked(mode = SHARED)}.
     *
     * @param method as the message names it
     * @return the message
     */
    public static String restoreUnderSharedLock(String method) {
        return "@RecoverFromBackup(restore = true) on " + method + " replaces the corrupt file with its backup,"
                + " which needs the exclusive lock, but the method holds @FileLocked(mode = SHARED), which other"
                + " readers share. Use @FileLocked(mode = EXCLUSIVE), remove @FileLocked (the restore then takes the"
                + " exclusive lock itself), or set restore = false.";
    }

    /**
     * {@code @RecoverFromBackup} has no parameter to redirect to a backup.
     *
     * @param method as the message names it
     * @return the message
     */
    public static String nothingToRedirect(String method) {
        return "@RecoverFromBackup on " + method + " has nothing to redirect: it needs the file it reads as a Path,"
                + " File or String parameter, which it receives as a backup when the file is corrupt. Add that"
                + " parameter (mark it @TargetFile when it is a String), or read through"
                + " dev.resilientio.core.atomic.RecoveringReader inside the method instead.";
    }
}
