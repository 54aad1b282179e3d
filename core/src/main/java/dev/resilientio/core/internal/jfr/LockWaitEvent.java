package dev.resilientio.core.internal.jfr;

import java.nio.file.Path;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** A wait for a file's lock, shared or exclusive, that ended with the lock or timed out. */
@Name("dev.resilientio.LockWait")
@Label("Lock Wait")
@Category({"resilient-io", "Locks"})
@Description("A wait for a file's lock, shared or exclusive, that ended with the lock or timed out")
final class LockWaitEvent extends Event {

    @Label("Operation")
    String operation;

    @Label("File")
    String target;

    @Label("Mode")
    @Description("SHARED or EXCLUSIVE")
    String mode;

    @Label("Acquired")
    @Description("false when the wait timed out")
    boolean acquired;

    @Label("Wait")
    @Description("How long the call waited, on the engine's time (virtual time in a test)")
    @Timespan(Timespan.NANOSECONDS)
    long waited;

    @Label("Held By")
    @Description("Who held the lock when a wait timed out, as far as known")
    String heldBy;

    void set(String operation, Path target, String mode, boolean acquired, long wait, String heldBy) {
        this.operation = operation;
        this.target = target.toString();
        this.mode = mode;
        this.acquired = acquired;
        this.waited = wait;
        this.heldBy = heldBy;
    }
}
