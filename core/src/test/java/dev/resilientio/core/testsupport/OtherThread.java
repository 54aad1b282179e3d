package dev.resilientio.core.testsupport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a step on a new thread and hands back what it threw, for lock tests: a lock belongs to the
 * thread that took it, so whether another thread may take or release it can only be seen from one.
 */
public final class OtherThread {

    private OtherThread() {
    }

    /** A step that may throw anything. */
    @FunctionalInterface
    public interface Action {

        /** Runs the step. */
        void run() throws Exception;
    }

    /**
     * Runs {@code action} on a new thread named {@code name} and waits for it to end.
     *
     * @param name the thread's name, which lock errors may quote
     * @param within how long the thread may run
     * @param action the step
     * @return what the step threw, or {@code null} when it returned normally
     * @throws AssertionError when the thread still runs after {@code within}
     */
    public static Throwable run(String name, Duration within, Action action) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                action.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, name);
        thread.start();
        thread.join(within.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("thread " + name + " still running after " + within.toMillis() + "ms");
        }
        return thrown.get();
    }
}
