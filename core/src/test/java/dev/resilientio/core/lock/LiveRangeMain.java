package dev.resilientio.core.lock;

import dev.resilientio.core.testsupport.ChildIo;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for the tests of the lock file's LIVE byte. Arguments: the lock file, then either
 * {@code HOLD <max wait ms>} (prints {@code WAITING}, holds LIVE shared and prints {@code HELD}, or
 * prints {@code FAILED <message>} and exits 2; then holds it until the parent sends a line, releases
 * it and prints {@code RELEASED}) or {@code TRY_EXCLUSIVE} (prints {@code TRUE} or {@code FALSE} for
 * one try, releases and exits).
 */
public final class LiveRangeMain {

    private LiveRangeMain() {
    }

    public static void main(String[] args) {
        try {
            Path lockFile = Path.of(args[0]);
            LockRegistry registry = LockRegistry.instance();
            LockEntry entry = registry.retain(lockFile);
            try {
                if (args[1].equals("TRY_EXCLUSIVE")) {
                    boolean taken = entry.tryLiveExclusive();
                    if (taken) {
                        entry.releaseLiveExclusive();
                    }
                    ChildIo.signal(taken ? "TRUE" : "FALSE");
                    return;
                }
                ChildIo.signal("WAITING");
                try {
                    entry.holdLive(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2])));
                } catch (java.io.IOException failed) {
                    ChildIo.signal("FAILED " + failed.getMessage());
                    System.exit(2);
                    return;
                }
                try {
                    ChildIo.signal("HELD");
                    ChildIo.awaitParent();
                } finally {
                    entry.releaseLive();
                }
                ChildIo.signal("RELEASED");
            } finally {
                registry.release(entry);
            }
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }
}
