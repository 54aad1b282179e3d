package dev.resilientio.core;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Attached, as a suppressed exception, to the failure of an atomic write that kept its content as a
 * recovery file ({@code @AtomicWrite(keepFailed = true)} or {@code RESILIENT_IO_ATOMIC_KEEP_FAILED=true}):
 * it names that file and its description. Never thrown on its own. Find it with {@link #in(Throwable)}.
 * Immutable and thread-safe.
 */
public final class RecoveryFileNotice extends Exception {

    private static final long serialVersionUID = 1L;

    /** The recovery file, as text: paths are not serializable. */
    private final String file;
    /** Its description, as text, or {@code null} when it could not be written. */
    private final String description;

    /**
     * Creates the notice.
     *
     * @param file the recovery file, holding exactly the content that could not be written
     * @param description the JSON file that describes it, or {@code null} when it could not be written
     */
    public RecoveryFileNotice(Path file, Path description) {
        super(message(file, description), null, false, false);
        this.file = file.toString();
        this.description = description == null ? null : description.toString();
    }

    private static String message(Path file, Path description) {
        return "the content that could not be written was kept in " + file
                + (description == null ? " (its description could not be written)" : ", described in " + description)
                + "; check it, then write it again or delete it";
    }

    /**
     * Returns the recovery file.
     *
     * @return the file holding exactly the content that could not be written
     */
    public Path file() {
        return Path.of(file);
    }

    /**
     * Returns the JSON file that describes the recovery file: format version, time, operation,
     * target, error type, message, errno name and attempts.
     *
     * @return the description, or empty when it could not be written
     */
    public Optional<Path> description() {
        return description == null ? Optional.empty() : Optional.of(Path.of(description));
    }

    /**
     * Finds the notice of a failure: attached to it, to a failure it wraps (such as the
     * {@link java.io.UncheckedIOException} an annotated method without {@code throws IOException}
     * throws), or to one of theirs.
     *
     * @param failure the failure a call threw
     * @return the notice, or empty when nothing was kept
     */
    public static Optional<RecoveryFileNotice> in(Throwable failure) {
        return Optional.ofNullable(find(failure, new IdentityHashMap<>()));
    }

    private static RecoveryFileNotice find(Throwable failure, Map<Throwable, Boolean> seen) {
        if (failure == null || seen.put(failure, Boolean.TRUE) != null || seen.size() > 64) {
            return null;
        }
        if (failure instanceof RecoveryFileNotice) {
            return (RecoveryFileNotice) failure;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof RecoveryFileNotice) {
                return (RecoveryFileNotice) suppressed;
            }
        }
        // A refusal's cause is the failure of the call that opened the breaker: its notice is not this call's.
        return failure instanceof FileCircuitOpenException ? null : find(failure.getCause(), seen);
    }
}
