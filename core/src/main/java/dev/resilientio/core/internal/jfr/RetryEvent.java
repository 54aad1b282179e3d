package dev.resilientio.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** An attempt failed with an error the settings retry; another follows after the delay. */
@Name("dev.resilientio.Retry")
@Label("Retry")
@Category({"resilient-io", "Retries"})
@Description("An attempt failed with an error the settings retry; another follows after the delay")
@StackTrace(false)
final class RetryEvent extends Event {

    @Label("Operation")
    String operation;

    @Label("File")
    String target;

    @Label("Failed Attempt")
    int attempt;

    @Label("Max Attempts")
    int maxAttempts;

    @Label("Delay")
    @Description("The wait before the next attempt, jitter included")
    @Timespan(Timespan.NANOSECONDS)
    long delay;

    @Label("Failure")
    String failure;
}
