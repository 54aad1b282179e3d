package dev.resilientio.processor;

import static dev.resilientio.processor.Sources.compileStore;
import static dev.resilientio.processor.Sources.errors;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

class ThrowableRulesTest {

    @Test
    void sameClassInRetryOnAndAbortOnFails() {
        Compilation compilation = compileStore("@RetryFileOperation(retryOn = IOException.class,"
                + " abortOn = IOException.class) public void save(Path f) throws IOException {}");

        assertThat(errors(compilation)).containsExactly("@RetryFileOperation on app.Store.save(Path) lists"
                + " java.io.IOException in both retryOn and abortOn; abortOn wins, so keep it in only one of them.");
    }

    @Test
    void retryOnClassUnderAnAbortOnSupertypeFails() {
        Compilation compilation = compileStore("@RetryFileOperation(retryOn = FileNotFoundException.class,"
                + " abortOn = IOException.class) public void save(Path f) throws IOException {}");

        assertThat(errors(compilation)).singleElement().asString()
                .contains("retries java.io.FileNotFoundException, but abortOn has its supertype java.io.IOException");
    }

    @Test
    void abortOnNarrowerThanRetryOnIsFine() {
        Compilation compilation = compileStore("@RetryFileOperation(retryOn = IOException.class,"
                + " abortOn = FileNotFoundException.class) public void save(Path f) throws IOException {}");

        assertThat(errors(compilation)).isEmpty();
    }

    @Test
    void checkedRetryOnClassTheMethodCannotThrowFails() {
        Compilation compilation = compileStore("@RetryFileOperation(retryOn = java.util.concurrent.TimeoutException.class)"
                + " public void save(Path f) throws IOException {}");

        assertThat(errors(compilation)).containsExactly("@RetryFileOperation(retryOn) on app.Store.save(Path) names"
                + " java.util.concurrent.TimeoutException, which the method cannot throw: it is a checked exception its"
                + " throws clause does not cover. Declare it (or a supertype) in the throws clause, or remove it from"
                + " retryOn.");
    }

    @Test
    void retryOnClassesTheMethodCanThrowPass() {
        Compilation compilation = compileStore(""
                + "@RetryFileOperation(retryOn = java.nio.file.AccessDeniedException.class) public void a(Path f)"
                + " throws IOException {}\n"
                + "@RetryFileOperation(retryOn = Exception.class) public void b(Path f) throws IOException {}\n"
                + "@RetryFileOperation(retryOn = UncheckedIOException.class) public void c(Path f) {}\n"
                + "@RetryFileOperation(retryOn = Exception.class) public void d(Path f) {}\n"
                + "@RetryFileOperation(retryOn = IllegalStateException.class) public void e(Path f) {}\n");

        assertThat(errors(compilation)).isEmpty();
    }

    @Test
    void ioExceptionClassesCanBeRetriedWithoutAThrowsClause() {
        // Retried when they arrive inside an unchecked wrapper (Jackson 3's JacksonIOException), or from the lock or commit.
        Compilation wrapped = compileStore("@RetryFileOperation(retryOn = java.nio.file.FileSystemException.class)"
                + " public void save(Path f) {}");
        Compilation locked = compileStore("@RetryFileOperation(retryOn = dev.resilientio.core.FileLockTimeoutException.class)"
                + " @FileLocked public void save(Path f) {}");
        Compilation atomic = compileStore("@RetryFileOperation(retryOn = IOException.class) @AtomicWrite"
                + " public void save(Path f) {}");

        assertThat(errors(wrapped)).isEmpty();
        assertThat(errors(locked)).isEmpty();
        assertThat(errors(atomic)).isEmpty();
    }
}
