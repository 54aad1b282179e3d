package dev.resilientio.zookeeper;

import dev.resilientio.core.FileLockLostException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.testsupport.ChildIo;
import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.json.ResilientJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.StringJoiner;

/**
 * One "host" of {@link CounterRace}: a JVM that increments a JSON counter on the shared directory
 * with {@link ResilientJson#updateJson}, locking through ZooKeeper as its environment says.
 *
 * <p>An increment that failed in a way that proves it was not applied is made again, and reported
 * as {@code REDO <type>: <message>}: a lost lock ({@link FileLockLostException}, thrown before the
 * rename), a lock timeout, or a failure while taking the lock through ZooKeeper (before anything was
 * read or written). Any other failure ends the child with exit code 1, since the increment may or
 * may not have been applied. At the end it prints {@code COMMITS value@micros,...}: each value it
 * wrote, with the wall-clock time in microseconds just after the call returned, then {@code DONE}.
 *
 * <p>Arguments: the counter file, the number of increments.
 */
public final class CounterHostMain {

    /** Beyond this many redos something is wrong that redoing will not fix. */
    private static final int MAX_REDOS = 50;

    private CounterHostMain() {
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            int times = Integer.parseInt(args[1]);
            // Loads the classes, and connects to ZooKeeper, before the race starts.
            ResilientJson.readJson(file, Counter.class, new Counter(0));
            ChildIo.signal("READY");
            ChildIo.awaitParent("GO");
            StringJoiner commits = new StringJoiner(",", "COMMITS ", "");
            int redos = 0;
            for (int i = 0; i < times; i++) {
                while (true) {
                    try {
                        int value = ResilientJson.updateJson(file, Counter.class, new Counter(0), Counter::increment).value();
                        commits.add(value + "@" + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
                        break;
                    } catch (IOException e) {
                        if (!provenNotApplied(e) || ++redos > MAX_REDOS) {
                            throw e;
                        }
                        String message = String.valueOf(e.getMessage());
                        ChildIo.signal("REDO " + e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse(""));
                    }
                }
            }
            ChildIo.signal(commits.toString());
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }

    private static boolean provenNotApplied(IOException e) {
        if (e instanceof FileLockLostException || e instanceof FileLockTimeoutException) {
            return true;
        }
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().equals(ZooKeeperLockProvider.class.getName()) && frame.getMethodName().equals("acquire")) {
                return true;
            }
        }
        return false;
    }
}
