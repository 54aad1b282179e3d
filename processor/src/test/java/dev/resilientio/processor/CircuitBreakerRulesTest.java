package dev.resilientio.processor;

import static dev.resilientio.processor.Sources.compileStore;
import static dev.resilientio.processor.Sources.errors;
import static dev.resilientio.processor.Sources.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

class CircuitBreakerRulesTest {

    @Test
    void sentinelsAndValuesInRangePassAndABreakerNeedsNoFile() {
        Compilation compilation = compileStore(""
                + "@FileCircuitBreaker public void a() {}\n"
                + "@FileCircuitBreaker(name = \"share\", failureThreshold = 1, successThreshold = 10000,"
                + " openDuration = \"24h\", halfOpenMaxCalls = 3) public void b(Path f) {}\n"
                + "@RetryFileOperation @FileCircuitBreaker(failureThreshold = -1, openDuration = \"\") public void c(Path f) {}\n");

        assertThat(errors(compilation)).isEmpty();
        assertThat(warnings(compilation)).isEmpty();
    }

    @Test
    void thresholdsOutOfRangeFail() {
        Compilation compilation = compileStore(""
                + "@FileCircuitBreaker(failureThreshold = 0) public void a() {}\n"
                + "@FileCircuitBreaker(successThreshold = 10001) public void b() {}\n"
                + "@FileCircuitBreaker(halfOpenMaxCalls = -2) public void c() {}\n");

        assertThat(errors(compilation)).containsExactly(
                "@FileCircuitBreaker(failureThreshold)='0' is not allowed: expected a whole number from 1 to 10000 (on"
                        + " app.Store.a()); or leave the attribute out to take the value from configuration.",
                "@FileCircuitBreaker(successThreshold)='10001' is not allowed: expected a whole number from 1 to 10000"
                        + " (on app.Store.b()); or leave the attribute out to take the value from configuration.",
                "@FileCircuitBreaker(halfOpenMaxCalls)='-2' is not allowed: expected a whole number from 1 to 10000 (on"
                        + " app.Store.c()); or leave the attribute out to take the value from configuration.");
    }

    @Test
    void openDurationFollowsTheDurationGrammarAndBounds() {
        Compilation compilation = compileStore(""
                + "@FileCircuitBreaker(openDuration = \"0s\") public void a() {}\n"
                + "@FileCircuitBreaker(openDuration = \"25h\") public void b() {}\n"
                + "@FileCircuitBreaker(openDuration = \"60\") public void c() {}\n");

        assertThat(errors(compilation)).hasSize(3).allSatisfy(message -> assertThat(message)
                .startsWith("@FileCircuitBreaker(openDuration)=").contains("more than 0 and at most 24h"));
        assertThat(errors(compilation).get(0)).contains("a breaker open for no time never refuses a call");
        assertThat(errors(compilation).get(1)).contains("it is longer than the maximum, 24h");
        assertThat(errors(compilation).get(2)).contains("'60' has no unit");
    }

    @Test
    void twoMethodsNamingOneBreakerWithDifferentValuesGetAWarning() {
        Compilation compilation = compileStore(""
                + "@FileCircuitBreaker(name = \"share\", failureThreshold = 2) public void a() {}\n"
                + "@FileCircuitBreaker(name = \"share\", failureThreshold = 3) public void b() {}\n"
                + "@FileCircuitBreaker(name = \"other\", failureThreshold = 3) public void c() {}\n"
                + "@FileCircuitBreaker(name = \"other\", failureThreshold = 3, openDuration = \"\") public void d() {}\n");

        assertThat(errors(compilation)).isEmpty();
        assertThat(warnings(compilation)).singleElement().asString()
                .contains("@FileCircuitBreaker on app.Store.b() names the breaker 'share' with failureThreshold=3")
                .contains("but app.Store.a() names it with failureThreshold=2")
                .contains("RESILIENT_IO_SHARE_CIRCUIT_BREAKER_FAILURE_THRESHOLD");
    }

    @Test
    void anEmptyNameIsTheOperationName() {
        Compilation compilation = compileStore(""
                + "@RetryFileOperation(name = \"Tasks.save\") @FileCircuitBreaker(failureThreshold = 2) public void a(Path f) {}\n"
                + "@FileCircuitBreaker(name = \"Tasks.save\", failureThreshold = 4) public void b() {}\n");

        assertThat(warnings(compilation)).singleElement().asString().contains("names the breaker 'Tasks.save'");
    }

    /**
     * kapt's stubs of a Kotlin class: a companion's functions take the enclosing class's name, as the
     * runtime names them (the Kotlin module's OperationNameTest), a nested object keeps its own.
     */
    @Test
    void aKotlinCompanionsDefaultBreakerIsNamedAfterItsEnclosingClassAsAtRuntime() {
        Compilation compilation = Sources.compile(
                com.google.testing.compile.JavaFileObjects.forSourceString("kotlin.Metadata",
                        "package kotlin; public @interface Metadata {}"),
                Sources.source("app.Store", "@kotlin.Metadata public final class Store {\n"
                        + "public static final Store.Companion Companion = null;\n"
                        + "@FileCircuitBreaker(name = \"Store.save\", failureThreshold = 3) public final void other() {}\n"
                        + "@FileCircuitBreaker(name = \"Cache.load\", failureThreshold = 3) public final void cached() {}\n"
                        + "@kotlin.Metadata public static final class Companion {\n"
                        + "  @FileCircuitBreaker(failureThreshold = 2) public final void save() {} }\n"
                        + "@kotlin.Metadata public static final class Cache {\n"
                        + "  public static final Cache INSTANCE = null;\n"
                        + "  @FileCircuitBreaker(failureThreshold = 2) public final void load() {} } }"));

        assertThat(errors(compilation)).isEmpty();
        assertThat(warnings(compilation)).as("each default name met by an explicit one with other values").satisfiesExactlyInAnyOrder(
                warning -> assertThat(warning).contains("names the breaker 'Store.save'")
                        .contains("app.Store.other()").contains("app.Store.Companion.save()"),
                warning -> assertThat(warning).contains("names the breaker 'Cache.load'")
                        .contains("app.Store.cached()").contains("app.Store.Cache.load()"));
    }

    @Test
    void aJavaNestedClassKeepsItsOwnName() {
        Compilation compilation = Sources.compile(Sources.source("app.Store", "public final class Store {\n"
                + "public static final Store.Companion Companion = null;\n"
                + "@FileCircuitBreaker(name = \"Store.save\", failureThreshold = 3) public final void other() {}\n"
                + "public static final class Companion {\n"
                + "  @FileCircuitBreaker(failureThreshold = 2) public final void save() {} } }"));

        assertThat(warnings(compilation)).as("not Kotlin: its breaker is Companion.save").isEmpty();
    }
}
