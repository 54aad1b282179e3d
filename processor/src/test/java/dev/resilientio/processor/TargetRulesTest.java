package dev.resilientio.processor;

import static dev.resilientio.processor.Sources.compileStore;
import static dev.resilientio.processor.Sources.errors;
import static dev.resilientio.processor.Sources.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TargetRulesTest {

    @Test
    void lockWithoutAnyTargetFailsAtTheMethod() {
        Compilation compilation = compileStore("@FileLocked\npublic void save(String text) {}");

        assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("@FileLocked on app.Store.save(String) has no target file")
                .contains("Mark the file the method works on with @TargetFile", "@FileLocked(path = \"...\")");
        assertThat(compilation.errors().get(0).getLineNumber()).isEqualTo(7);
    }

    @Test
    void retryWithoutAnyTargetFails() {
        Compilation compilation = compileStore("@RetryFileOperation\npublic String read() { return \"\"; }");

        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("@RetryFileOperation on app.Store.read() has no target file")
                .doesNotContain("path attribute");
    }

    @Test
    void eachTargetRuleAloneResolvesTheTarget() {
        Compilation compilation = compileStore(""
                + "@FileLocked public void byPathParameter(Path file, String text) {}\n"
                + "@FileLocked public void byFileParameter(File file) {}\n"
                + "@FileLocked public void byMarkedString(@TargetFile String file, String text) {}\n"
                + "@FileLocked public void markedAmongTwo(@TargetFile Path file, Path other) {}\n"
                + "@FileLocked(path = \"${DATA_DIR}/tasks.json\") public void byFixedPath(String text) {}\n"
                + "@RetryFileOperation @FileLocked @AtomicWrite public void all(Path file) {}\n");

        assertThat(errors(compilation)).isEmpty();
        assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    }

    @Test
    void twoUnmarkedFileParametersAreAmbiguous() {
        Compilation compilation = compileStore("@RetryFileOperation @FileLocked @AtomicWrite\n"
                + "public void copy(Path from, File to) {}");

        assertThat(errors(compilation)).singleElement().asString()
                .isEqualTo("app.Store.copy(Path, File) has 2 Path/File parameters (positions 1, 2) and none is marked:"
                        + " which file does it work on? Mark that parameter with @TargetFile.");
    }

    @Test
    void twoMarkedParametersFail() {
        Compilation compilation = compileStore("@FileLocked public void copy(@TargetFile Path a, @TargetFile Path b) {}");

        assertThat(errors(compilation)).singleElement().asString()
                .isEqualTo("app.Store.copy(Path, Path) marks parameters 1 and 2 with @TargetFile; mark only the file the"
                        + " method works on.");
    }

    @Test
    void targetFileOnUnsupportedTypesFails() {
        Compilation compilation = compileStore(""
                + "@TargetFile private int size;\n"
                + "@FileLocked public void save(@TargetFile StringBuilder file) {}\n"
                + "@TargetFile public java.net.URI where() { return null; }\n");

        assertThat(errors(compilation)).containsExactlyInAnyOrder(
                "@TargetFile on field size of app.Store has type int; allowed types are java.nio.file.Path, java.io.File"
                        + " and String.",
                "@TargetFile on parameter 1 of app.Store.save(StringBuilder) has type java.lang.StringBuilder;"
                        + " allowed types are java.nio.file.Path, java.io.File and String.",
                "@TargetFile on method where() of app.Store has type java.net.URI; allowed types are"
                        + " java.nio.file.Path, java.io.File and String.");
    }

    @Test
    void targetFileGetterWithParametersFails() {
        Compilation compilation = compileStore("@TargetFile public Path file(String name) { return null; }");

        assertThat(errors(compilation)).singleElement().asString()
                .isEqualTo("@TargetFile on method file() of app.Store needs a method without parameters that returns"
                        + " the file.");
    }

    @Test
    void atomicWriteWithNothingToRedirectFails() {
        Compilation compilation = compileStore(""
                + "@TargetFile private Path file;\n"
                + "@AtomicWrite public void save(String text) {}");

        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("@AtomicWrite on app.Store.save(String) has nothing to redirect")
                .contains("mark it @TargetFile when it is a String", "ResilientFiles.atomicWrite");
    }

    @Test
    void atomicWriteRedirectsAMarkedStringOrTheOnlyFile() {
        Compilation compilation = compileStore(""
                + "@AtomicWrite public void toString(@TargetFile String file, String text) {}\n"
                + "@AtomicWrite(backups = 2) public void toFile(File file, String text) {}\n");

        assertThat(errors(compilation)).isEmpty();
    }

    @Test
    void fieldOrGetterMarkedInTheClassOrASuperclassIsTheTarget() {
        Compilation compilation = Sources.compile(
                Sources.source("app.Base", "public class Base { @TargetFile protected final Path file = null; }"),
                Sources.source("app.Store", "public class Store extends Base {\n"
                        + "@RetryFileOperation @FileLocked public String read() { return \"\"; } }"),
                Sources.source("app.Getter", "public class Getter {\n"
                        + "@TargetFile public Path getFile() { return null; }\n"
                        + "@FileLocked(mode = LockMode.SHARED) public String read() { return \"\"; } }"));

        assertThat(errors(compilation)).isEmpty();
    }

    @Test
    void twoMarkedMembersAreAmbiguous() {
        Compilation compilation = compileStore(""
                + "@TargetFile private Path file;\n"
                + "@TargetFile public Path getFile() { return file; }\n"
                + "@FileLocked public void save(String text) {}");

        assertThat(errors(compilation)).singleElement().asString()
                .isEqualTo("app.Store has 2 @TargetFile members (file, getFile), so the target of app.Store.save(String)"
                        + " is ambiguous; keep one, or mark a parameter of the method.");
    }

    @Test
    void staticMethodCannotUseAnInstanceMember() {
        Compilation failing = compileStore(""
                + "@TargetFile private Path file;\n"
                + "@FileLocked public static void save(String text) {}");
        Compilation passing = compileStore(""
                + "@TargetFile private static Path file;\n"
                + "@FileLocked public static void save(String text) {}");

        assertThat(errors(failing)).singleElement().asString()
                .isEqualTo("app.Store.save(String) is static, but its @TargetFile field file of app.Store belongs to an"
                        + " instance; make the member static or pass the file as a parameter.");
        assertThat(errors(passing)).isEmpty();
    }

    @Test
    void emptyPlaceholderInPathFails() {
        Compilation compilation = compileStore("@FileLocked(path = \"/data/${}/tasks.json\") public void save() {}");

        assertThat(errors(compilation)).singleElement().asString()
                .isEqualTo("@FileLocked(path = \"/data/${}/tasks.json\") on app.Store.save() has an empty ${}; write"
                        + " ${NAME} with the name of a system property or environment variable.");
    }

    @Test
    void targetFileOnAConstructorParameterWarnsThatItIsNeverRead() {
        Compilation compilation = compileStore("private final Path file;\n"
                + "public Store(@TargetFile Path file) { this.file = file; }");

        assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
        assertThat(warnings(compilation)).singleElement().asString()
                .startsWith("@TargetFile on a constructor parameter (file of app.Store) is never read")
                .contains("@field:TargetFile or @get:TargetFile");
    }

    @Test
    void messagesAreInEnglishWhateverTheLocale() {
        Compilation compilation = compileStore("@FileLocked public void save(String text) {}");

        assertThat(compilation.errors().get(0).getMessage(Locale.GERMAN)).contains("has no target file");
    }
}
