package dev.resilientio.core.atomic;

import dev.resilientio.core.EngineTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Wall-clock instants that move with the engine's installed time ({@link EngineTime#current()}):
 * anchored to {@link Instant#now()} when a time is first read, then advanced only by that time's
 * nanoseconds, so a test that installs virtual time dates a recovery file's description exactly.
 * The same rule as the breaker's clock, which is not visible here. Thread-safe.
 */
final class EngineWallClock extends Clock {

    /** The time the anchor belongs to, its reading then, and the wall-clock instant it stands for. */
    private record Anchor(EngineTime time, long nanos, Instant wall) {
    }

    private volatile Anchor anchor;

    @Override
    public Instant instant() {
        EngineTime time = EngineTime.current();
        long now = time.nanoTime();
        Anchor current = anchor;
        if (current == null || current.time != time) {
            current = new Anchor(time, now, Instant.now());
            anchor = current;
        }
        return current.wall.plusNanos(now - current.nanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the engine's clock is in UTC only, asked for " + zone);
    }
}
