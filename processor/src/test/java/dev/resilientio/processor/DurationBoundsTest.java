package dev.resilientio.processor;

import static dev.resilientio.processor.Sources.compileStore;
import static dev.resilientio.processor.Sources.errors;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** The compiler bounds delays and lock timeouts as the runtime does (SettingRules), naming the maximum. */
class DurationBoundsTest {

    @Test
    void delaysUpToOneHourAndLockTimeoutsUpToOneDayPass() {
        Compilation compilation = compileStore(""
                + "@RetryFileOperation(initialDelay = \"1h\", maxDelay = \"PT1H\") public void a(Path f) {}\n"
                + "@FileLocked(timeout = \"24h\") public void b(Path f) {}\n");

        assertThat(errors(compilation)).isEmpty();
    }

    @Test
    void longerDelaysAndLockTimeoutsFailNamingTheMaximum() {
        Compilation compilation = compileStore(""
                + "@RetryFileOperation(initialDelay = \"61m\") public void a(Path f) {}\n"
                + "@RetryFileOperation(maxDelay = \"999999h\") public void b(Path f) {}\n"
                + "@FileLocked(timeout = \"P2D\") public void c(Path f) {}\n");

        assertThat(errors(compilation)).hasSize(3)
                .anySatisfy(error -> assertThat(error).startsWith("@RetryFileOperation(initialDelay)='61m' is not"
                        + " allowed: it is longer than the maximum, 1h; expected")
                        .contains(", at most 1h (on app.Store.a(Path))"))
                .anySatisfy(error -> assertThat(error).startsWith("@RetryFileOperation(maxDelay)='999999h' is not"
                        + " allowed: it is longer than the maximum, 1h;"))
                .anySatisfy(error -> assertThat(error).startsWith("@FileLocked(timeout)='P2D' is not allowed: it is"
                        + " longer than the maximum, 24h;").contains(", at most 24h (on app.Store.c(Path))"));
    }
}
