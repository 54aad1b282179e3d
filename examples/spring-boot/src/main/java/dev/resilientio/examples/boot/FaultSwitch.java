package dev.resilientio.examples.boot;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Makes the next attempts of {@link TallyStore#save} on this thread fail with a transient
 * {@link IOException}, so that a retry can be watched: {@link TallyController} arms it from the
 * request header {@value #HEADER}. Each thread has its own count, so one request's faults never
 * reach another's. Thread-safe.
 */
@Component
public class FaultSwitch {

    /** The request header that arms the switch: how many attempts of the request's save fail. */
    public static final String HEADER = "X-Fail-Attempts";

    private final ThreadLocal<int[]> remaining = ThreadLocal.withInitial(() -> new int[1]);

    /** Spring creates the one instance. */
    public FaultSwitch() {
    }

    /**
     * Arms the switch for this thread.
     *
     * @param attempts how many of the next save attempts fail; 0 disarms it
     */
    public void failNext(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException(HEADER + " must be a whole number >= 0, was " + attempts);
        }
        remaining.get()[0] = attempts;
    }

    /** Disarms the switch for this thread and forgets it. */
    public void clear() {
        remaining.remove();
    }

    /**
     * Throws when the switch is armed for this thread, and counts the failure down.
     *
     * @param file the file being written, named in the failure
     * @throws IOException a plain {@code IOException}, which resilient-io treats as transient
     */
    public void failIfArmed(Path file) throws IOException {
        int[] count = remaining.get();
        if (count[0] > 0) {
            count[0]--;
            throw new IOException("Simulated transient failure writing " + file + " (armed by the " + HEADER
                    + " request header; " + count[0] + " more to come)");
        }
    }
}
