package dev.resilientio.processor;

import static dev.resilientio.processor.Sources.errors;
import static dev.resilientio.processor.Sources.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The shapes kapt hands the processor as Java stubs, and methods weaving never reaches. */
class KotlinAndAbstractTest {

    private static final JavaFileObject CONTINUATION = JavaFileObjects.forSourceString("kotlin.coroutines.Continuation",
            "package kotlin.coroutines; public interface Continuation<T> {}");
    private static final JavaFileObject METADATA = JavaFileObjects.forSourceString("kotlin.Metadata",
            "package kotlin; public @interface Metadata {}");

    @Test
    void suspendFunctionFailsPointingToTheKotlinHelpers() {
        Compilation compilation = Sources.compile(CONTINUATION, METADATA, Sources.source("app.Store",
                "@kotlin.Metadata public final class Store {\n"
                        + "@RetryFileOperation @FileLocked public final Object save(Path file,"
                        + " kotlin.coroutines.Continuation<? super kotlin.Unit> completion) { return null; } }"),
                JavaFileObjects.forSourceString("kotlin.Unit", "package kotlin; public final class Unit {}"));

        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("app.Store.save(Path) is a Kotlin suspend function: method advice cannot"
                        + " wrap it")
                .contains("Remove @RetryFileOperation", "retryFileOperation, withFileLock or atomicWrite",
                        "resilient-io-kotlin");
    }

    @Test
    void plainKotlinFunctionPasses() {
        Compilation compilation = Sources.compile(METADATA, Sources.source("app.Store",
                "@kotlin.Metadata public final class Store {\n"
                        + "@RetryFileOperation @FileLocked public final void save(Path file) {} }"));

        assertThat(errors(compilation)).isEmpty();
    }

    @Test
    void kotlinFunctionsMayRetryCheckedExceptionsTheyDoNotDeclare() {
        Compilation kotlin = Sources.compile(METADATA, Sources.source("app.Store", "@kotlin.Metadata public final class"
                + " Store { @RetryFileOperation(retryOn = java.util.concurrent.TimeoutException.class)"
                + " public final void save(Path file) {} }"));

        assertThat(errors(kotlin)).isEmpty();
    }

    @Test
    void annotationsOnAnInterfaceMethodWarnToAnnotateTheImplementation() {
        Compilation compilation = Sources.compile(Sources.source("app.Store",
                "public interface Store { @RetryFileOperation @FileLocked void save(Path file); }"));

        assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertThat(warnings(compilation)).containsExactly("@RetryFileOperation on app.Store.save(Path) is never"
                + " applied: the method is abstract, and weaving changes method bodies. Annotate the implementing method"
                + " instead.");
    }

    @Test
    void annotationsOnAnAbstractMethodWarnAndOnItsImplementationDoNot() {
        Compilation compilation = Sources.compile(
                Sources.source("app.Base", "public abstract class Base { @AtomicWrite public abstract void save(Path f); }"),
                Sources.source("app.Store", "public class Store extends Base { @AtomicWrite public void save(Path f) {} }"));

        assertThat(warnings(compilation)).singleElement().asString()
                .startsWith("@AtomicWrite on app.Base.save(Path) is never applied");
    }
}
