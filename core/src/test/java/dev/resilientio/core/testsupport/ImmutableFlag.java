package dev.resilientio.core.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The immutable flag of a file ({@code chattr +i}), which makes a rename over it fail with EPERM even for root. */
public final class ImmutableFlag {

    private ImmutableFlag() {
    }

    /**
     * Makes the file immutable, or skips the test when this is not root or its file system has no such flag.
     *
     * @param file the file
     * @throws Exception when chattr cannot be run or waited for
     */
    public static void assumeSet(Path file) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "Skipped: needs root, since only root may set the immutable flag (chattr +i)");
        RequiredTool.require(Path.of("/usr/bin/chattr"), "e2fsprogs", "to set the immutable flag");
        int exit = chattr("+i", file);
        Assumptions.assumeTrue(exit == 0, "Skipped: needs a file system with the immutable flag (chattr +i failed with "
                + exit + " on " + file + "; tmpfs has none)");
    }

    /**
     * Clears the flag again, so that the file can be deleted.
     *
     * @param file the file
     * @return chattr's exit status, or -1 when it could not run
     * @throws Exception when chattr cannot be waited for
     */
    public static int clear(Path file) throws Exception {
        return chattr("-i", file);
    }

    private static int chattr(String flag, Path file) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
        } catch (IOException noChattr) {
            return -1;
        }
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
