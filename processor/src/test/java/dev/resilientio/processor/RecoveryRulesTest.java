package dev.resilientio.processor;

import static dev.resilientio.processor.Sources.compileStore;
import static dev.resilientio.processor.Sources.errors;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

class RecoveryRulesTest {

    @Test
    void readersWithARedirectableTargetCompile() {
        Compilation compilation = compileStore(""
                + "@RecoverFromBackup public String byPath(Path file) { return \"\"; }\n"
                + "@RecoverFromBackup(on = IllegalStateException.class) public String byFile(File file) { return \"\"; }\n"
                + "@RecoverFromBackup public String byMarkedString(@TargetFile String file, int size) { return \"\"; }\n"
                + "@RecoverFromBackup(restore = true) public String restoring(Path file) { return \"\"; }\n"
                + "@RecoverFromBackup(restore = true) @FileLocked public String exclusive(Path file) { return \"\"; }\n"
                + "@RecoverFromBackup @FileLocked(mode = LockMode.SHARED) @RetryFileOperation\n"
                + "public String sharedReader(Path file) { return \"\"; }\n");

        assertThat(errors(compilation)).isEmpty();
        assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    }

    @Test
    void withAtomicWriteOnTheSameMethodFails() {
        Compilation compilation = compileStore("@RecoverFromBackup @AtomicWrite\npublic void save(Path file) {}");

        assertThat(compilation.status()).isEqualTo(Compilation.Status.FAILURE);
        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("@RecoverFromBackup and @AtomicWrite are both on app.Store.save(Path)")
                .contains("Read in one method (@RecoverFromBackup) and write in another");
    }

    @Test
    void restoreUnderASharedLockFails() {
        Compilation compilation = compileStore("@RecoverFromBackup(restore = true) @FileLocked(mode = LockMode.SHARED)\n"
                + "public String load(Path file) { return \"\"; }");

        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("@RecoverFromBackup(restore = true) on app.Store.load(Path)")
                .contains("Use @FileLocked(mode = EXCLUSIVE)");
    }

    @Test
    void withoutAParameterToRedirectFails() {
        Compilation compilation = compileStore("@RecoverFromBackup\npublic String load(String name) { return name; }");

        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("@RecoverFromBackup on app.Store.load(String) has nothing to redirect")
                .contains("mark it @TargetFile when it is a String");
    }

    @Test
    void twoUnmarkedFileParametersAreAmbiguous() {
        Compilation compilation = compileStore("@RecoverFromBackup\npublic String load(Path file, Path other) { return \"\"; }");

        assertThat(errors(compilation)).singleElement().asString()
                .startsWith("app.Store.load(Path, Path) has 2 Path/File parameters");
    }
}
