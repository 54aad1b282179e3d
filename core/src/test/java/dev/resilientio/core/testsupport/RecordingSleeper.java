package dev.resilientio.core.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper for {@link TestTime} that never waits and remembers every duration it was asked to wait. */
public final class RecordingSleeper implements TestTime.Sleeper {

    private final List<Duration> requested = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        requested.add(duration);
    }

    /**
     * Returns the durations asked for so far, in order.
     *
     * @return a copy of the list
     */
    public synchronized List<Duration> requested() {
        return List.copyOf(requested);
    }
}
