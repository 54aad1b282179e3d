package dev.resilientio.agent.internal;

import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.retry.FileRetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Annotated methods whose bodies are hard on a woven prologue and its handler: one assigns its
 * parameters before it fails (the next attempt must get the arguments as the caller passed them),
 * loops, catches its own exceptions and returns from several places, holds a monitor, and another
 * fails at once with an error no retry can fix.
 */
public class ReassigningBody implements FileOperation {

    private final List<String> seen = new ArrayList<>();
    private int attempts;

    @Override
    public String run(Path file) throws IOException {
        String first = reassigns(file, 2, 1.5d);
        String second = branches(file, new String[] {"a", "bb", "ccc"});
        boolean inside = FileRetry.isRetrying();
        String missing;
        try {
            permanent(file.resolveSibling("missing.txt"));
            missing = "no failure";
        } catch (IOException e) {
            missing = e.getClass().getSimpleName();
        }
        return first + "|" + second + "|" + missing + "|" + inside + "|" + FileRetry.isRetrying() + "|" + seen
                + "|" + enginesFramesUnder(file);
    }

    /** The engine's frames under the body: none when the woven prologue ran it in place, on its fast path. */
    @RetryFileOperation
    long enginesFramesUnder(Path file) {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> frame.getClassName().startsWith("dev.resilientio.core.")).count());
    }

    @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", maxDelay = "1ms")
    String reassigns(Path file, long count, double scale) throws IOException {
        seen.add(file.getFileName() + "/" + count + "/" + scale);
        file = file.resolveSibling("elsewhere.txt");
        count = count * 10;
        scale = -scale;
        if (attempts++ < 1) {
            throw new IOException("Resource temporarily unavailable");
        }
        return file.getFileName() + " " + count + " " + scale;
    }

    @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", maxDelay = "1ms")
    synchronized String branches(Path file, String[] words) throws IOException {
        int total = 0;
        for (String word : words) {
            try {
                if (word.length() == 2) {
                    throw new IllegalStateException(word);
                }
                total += word.length();
            } catch (IllegalStateException caught) {
                total += 100;
            }
        }
        if (attempts++ < 3) {
            throw new IOException("Resource temporarily unavailable");
        }
        if (total > 1000) {
            return "large";
        }
        return Files.exists(file) ? "total " + total : "total " + total + " (no file)";
    }

    @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", maxDelay = "1ms")
    void permanent(Path file) throws IOException {
        seen.add("permanent");
        Files.readString(file);
    }
}
