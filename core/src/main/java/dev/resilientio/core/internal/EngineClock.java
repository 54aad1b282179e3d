package dev.resilientio.core.internal;

import dev.resilientio.core.EngineTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Wall-clock instants on the engine's injected time ({@link EngineTime#current()}): the clock a
 * breaker's state machine reads, so that a test passes an open duration on virtual time without
 * waiting, and the one that dates a recovery file's description. {@code EngineTime} is a
 * monotonic count of nanoseconds with no date; the instants are anchored to the wall clock when a
 * time is first read, then move only with that time, so the messages show real dates and a
 * breaker's intervals follow the injected time exactly. Thread-safe.
 */
public final class EngineClock extends Clock {

    /** The one clock; it holds no state but its anchor. */
    public static final EngineClock INSTANCE = new EngineClock();

    /** The time the anchor belongs to, its reading then, and the wall-clock instant it stands for. */
    private record Anchor(EngineTime time, long nanos, Instant wall) {
    }

    private volatile Anchor anchor;

    private EngineClock() {
    }

    @Override
    public Instant instant() {
        EngineTime time = EngineTime.current();
        long now = time.nanoTime();
        Anchor current = anchor;
        if (current == null || current.time != time) {
            // Another time installed (a test's, or the real one again): start its instants at the wall clock.
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
        // Instants have no zone; the state machine never asks for another, and a frozen copy would stop its time.
        throw new UnsupportedOperationException("the engine's clock is in UTC only, asked for " + zone);
    }
}
