package dev.resilientio.processor;

import static dev.resilientio.processor.Sources.compileStore;
import static dev.resilientio.processor.Sources.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.testing.compile.Compilation;
import dev.resilientio.core.rules.Durations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttributeRulesTest {

    @Test
    void sentinelsAndValuesInRangePass() {
        Compilation compilation = compileStore(""
                + "@RetryFileOperation(maxAttempts = -1, multiplier = -1, jitter = -1) public void a(Path f) {}\n"
                + "@RetryFileOperation(maxAttempts = 1, multiplier = 1.0, jitter = 0.0) public void b(Path f) {}\n"
                + "@RetryFileOperation(maxAttempts = 10, multiplier = 3, jitter = 1.0, initialDelay = \"PT0.25S\","
                + " maxDelay = \"1.5s\") public void c(Path f) {}\n"
                + "@FileLocked(timeout = \"250ms\") public void d(Path f) {}\n"
                + "@AtomicWrite(backups = 0) public void e(Path f) {}\n"
                + "@AtomicWrite(backups = 100) public void f(Path f) {}\n");

        assertThat(errors(compilation)).isEmpty();
    }

    @Test
    void maxAttemptsBelowOneFails() {
        Compilation compilation = compileStore("@RetryFileOperation(maxAttempts = 0) public void save(Path file) {}");

        assertThat(errors(compilation)).containsExactly("@RetryFileOperation(maxAttempts)='0' is not allowed: expected"
                + " a whole number from 1 to 2147483647 (on app.Store.save(Path)); or leave the attribute out to take the value from"
                + " configuration.");
    }

    @Test
    void multiplierBelowOneFails() {
        Compilation compilation = compileStore("@RetryFileOperation(multiplier = 0.5) public void save(Path file) {}");

        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("@RetryFileOperation(multiplier)='0.5' is not allowed: expected a number >= 1.0");
    }

    @Test
    void jitterOutsideZeroToOneFails() {
        Compilation compilation = compileStore(""
                + "@RetryFileOperation(jitter = 1.5) public void a(Path file) {}\n"
                + "@RetryFileOperation(jitter = -0.5) public void b(Path file) {}\n");

        assertThat(errors(compilation)).hasSize(2).allSatisfy(message -> assertThat(message)
                .contains("@RetryFileOperation(jitter)=", "expected a number from 0.0 to 1.0"));
    }

    @Test
    void backupsOutsideZeroToHundredFails() {
        Compilation compilation = compileStore(""
                + "@AtomicWrite(backups = 101) public void a(Path file) {}\n"
                + "@AtomicWrite(backups = -2) public void b(Path file) {}\n");

        assertThat(errors(compilation)).containsExactly(
                "@AtomicWrite(backups)='101' is not allowed: expected a whole number from 0 to 100 (on"
                        + " app.Store.a(Path)); or leave the attribute out to take the value from configuration.",
                "@AtomicWrite(backups)='-2' is not allowed: expected a whole number from 0 to 100 (on"
                        + " app.Store.b(Path)); or leave the attribute out to take the value from configuration.");
    }

    @Test
    void durationWithoutUnitFailsAtTheAttribute() {
        Compilation compilation = compileStore("@RetryFileOperation(initialDelay = \"100\") public void save(Path f) {}");

        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("@RetryFileOperation(initialDelay)='100' is not allowed: '100' has no unit; expected"
                        + " a non-negative number with a unit ns, us, ms, s, m or h");
        assertThat(compilation.errors().get(0).getColumnNumber()).isGreaterThan(21);
    }

    @Test
    void lockTimeoutAndMaxDelayAreDurationsToo() {
        Compilation compilation = compileStore(""
                + "@FileLocked(timeout = \"soon\") public void a(Path f) {}\n"
                + "@RetryFileOperation(maxDelay = \"-1s\") public void b(Path f) {}\n");

        assertThat(errors(compilation)).satisfiesExactly(
                first -> assertThat(first).startsWith("@FileLocked(timeout)='soon' is not allowed: 'soon' is not a"
                        + " duration"),
                second -> assertThat(second).startsWith("@RetryFileOperation(maxDelay)='-1s' is not allowed: '-1s' is"
                        + " negative"));
    }

    @Test
    void maxDurationIsAPositiveDurationOfAtMostOneDay() {
        Compilation compilation = compileStore(""
                + "@RetryFileOperation(maxDuration = \"0s\") public void a(Path f) {}\n"
                + "@RetryFileOperation(maxDuration = \"2d\") public void b(Path f) {}\n"
                + "@RetryFileOperation(maxDuration = \"25h\") public void c(Path f) {}\n"
                + "@RetryFileOperation(maxDuration = \"30s\") public void d(Path f) {}\n");

        assertThat(errors(compilation)).satisfiesExactly(
                first -> assertThat(first).startsWith("@RetryFileOperation(maxDuration)='0s' is not allowed: a deadline of 0"
                        + " fails every call"),
                second -> assertThat(second).startsWith("@RetryFileOperation(maxDuration)='2d' is not allowed"),
                third -> assertThat(third).startsWith("@RetryFileOperation(maxDuration)='25h' is not allowed: it is longer"
                        + " than the maximum, 24h"));
    }

    @Test
    void maxDelayShorterThanInitialDelayFails() {
        Compilation compilation = compileStore(
                "@RetryFileOperation(initialDelay = \"2s\", maxDelay = \"500ms\") public void save(Path f) {}");

        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("@RetryFileOperation(maxDelay)=500ms is not allowed: it must be a duration >= the initial"
                        + " delay (@RetryFileOperation(initialDelay)=2s)");
    }

    /** One grammar: whatever the runtime's parser accepts the processor accepts, and the same for rejects. */
    @ParameterizedTest
    @ValueSource(strings = {"250ms", "1.5s", "PT0.25S", "2m", "0s", "100", "1 s", "-5ms", "P1D", "1.5", "10 minutes"})
    void processorAcceptsExactlyWhatTheRuntimeParses(String text) {
        boolean runtimeAccepts = catchThrowable(() -> Durations.parse(text)) == null;

        Compilation compilation = compileStore("@FileLocked(timeout = \"" + text + "\") public void save(Path f) {}");

        assertThat(errors(compilation).isEmpty()).as("processor accepts '%s'", text).isEqualTo(runtimeAccepts);
    }
}
