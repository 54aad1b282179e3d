package dev.resilientio.core.testsupport;

import dev.resilientio.core.atomic.LeftoverTempsChild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Leaves real temps of a process that has exited, through {@link LeftoverTempsChild}. */
public final class Leftovers {

    private static final long TIMEOUT_SECONDS = 60;

    private Leftovers() {
    }

    /**
     * Runs a child JVM that creates one temp beside each target and exits.
     *
     * @param log the file for the child's stderr
     * @param targets the resolved targets
     * @return the temps it left, in the order of the targets
     * @throws AssertionError when the child fails or does not exit in time
     */
    public static List<Path> leftBy(Path log, Path... targets) throws IOException, InterruptedException {
        String[] args = new String[targets.length];
        for (int i = 0; i < targets.length; i++) {
            args[i] = targets[i].toString();
        }
        Process child = ChildJvm.start(log.toFile(), LeftoverTempsChild.class, args);
        child.getOutputStream().close();
        String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("LeftoverTempsChild did not exit within " + TIMEOUT_SECONDS + "s");
        }
        if (child.exitValue() != 0) {
            throw new AssertionError("LeftoverTempsChild exited with " + child.exitValue() + "; see " + log);
        }
        List<Path> temps = printed.lines().map(Path::of).toList();
        if (temps.size() != targets.length) {
            throw new AssertionError("LeftoverTempsChild printed " + temps + " for " + targets.length + " targets");
        }
        return temps;
    }
}
