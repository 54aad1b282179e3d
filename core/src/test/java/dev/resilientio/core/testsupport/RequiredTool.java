package dev.resilientio.core.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test runs, such as strace, that a machine may lack but can install. Without it the
 * test is skipped on a developer's machine, and fails under CI ({@code CI=true}): a CI machine that
 * lacks it would otherwise pass by skipping the very tests that need it. {@code .ci/run} installs
 * these programs when it runs as root.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /**
     * Returns when {@code program} is installed; otherwise skips the test, or fails it under CI.
     *
     * @param program the program's absolute path, where its Debian package installs it
     * @param debianPackage the package that installs it
     * @param purpose what the test needs it for, such as "to observe the fsync order"
     * @throws org.opentest4j.TestAbortedException when it is missing and {@code CI} is not {@code true}
     * @throws org.opentest4j.AssertionFailedError when it is missing and {@code CI} is {@code true}
     */
    public static void require(Path program, String debianPackage, String purpose) {
        if (Files.isExecutable(program)) {
            return;
        }
        String missing = program + " is not installed, and this test needs it " + purpose
                + ". Install it (apt-get install " + debianPackage + "); .ci/run does so when run as root.";
        if (onCi()) {
            Assertions.fail("CI=true, so a missing tool fails the test instead of skipping it: " + missing);
        }
        Assumptions.abort("Skipped: " + missing + " Under CI=true this fails.");
    }

    private static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
