package dev.resilientio.conformance;

import dev.resilientio.core.EngineTime;
import dev.resilientio.core.testsupport.FixedRandom;
import dev.resilientio.core.testsupport.RecordingSleeper;
import dev.resilientio.core.testsupport.TestTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Installs virtual time in the engine for one test: backoffs and lock waits are recorded, never
 * waited, the clock moves by each wait, and the jitter draws are the test's. Real time is restored
 * after the test.
 * Register it on an instance field: {@code @RegisterExtension final InjectedTime time = new InjectedTime();}
 */
public final class InjectedTime implements BeforeEachCallback, AfterEachCallback {

    /** Something to check while the engine waits between two attempts. */
    @FunctionalInterface
    public interface Pause {

        /**
         * Runs during the backoff.
         *
         * @param delay the delay being waited
         * @throws IOException when looking at files fails; the call then fails with it, unchecked
         */
        void during(Duration delay) throws IOException;
    }

    private RecordingSleeper sleeper;
    private Pause pause;
    private EngineTime.Installed override;
    private TestTime installed;

    @Override
    public void beforeEach(ExtensionContext context) {
        sleeper = new RecordingSleeper();
        pause = delay -> { };
        install(FixedRandom.returning(0.0));
    }

    /**
     * Makes the jitter draw these values, in order, then the last one forever.
     *
     * @param draws values in [0, 1); 0 means no reduction, values near 1 the largest
     */
    public void jitterDraws(double... draws) {
        install(FixedRandom.returning(draws));
    }

    /**
     * Runs a check during every backoff, before the delay is recorded.
     *
     * @param check what to run
     */
    public void duringEachPause(Pause check) {
        pause = check;
    }

    /**
     * Returns the backoff delays asked for so far, in order.
     *
     * @return the delays
     */
    public List<Duration> delays() {
        return sleeper.requested();
    }

    private void install(FixedRandom random) {
        close();
        RecordingSleeper recording = sleeper;
        installed = TestTime.of(delay -> {
            try {
                pause.during(delay);
            } catch (IOException e) {
                throw new UncheckedIOException("the check during the backoff failed", e);
            }
            recording.sleep(delay);
        }, random);
        override = EngineTime.install(installed);
    }

    /**
     * Moves the clock forward without a wait, as time passing between two calls (a breaker's open duration).
     *
     * @param duration how far
     */
    public void advance(Duration duration) {
        installed.advance(duration);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    private void close() {
        if (override != null) {
            override.close();
            override = null;
        }
    }
}
