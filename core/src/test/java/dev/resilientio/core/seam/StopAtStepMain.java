package dev.resilientio.core.seam;

import dev.resilientio.core.FileOperation;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.testsupport.ChildIo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM main for the comparison of a simulated crash with a real one: writes a file atomically
 * and, when the engine reaches the given step, prints {@code AT <step>} and waits for a line that
 * never comes, so that the parent kills it there with SIGKILL.
 *
 * <p>Arguments: the file, the step, {@code ENGINE} (the engine writes the bytes it is given) or
 * {@code BODY} (a callback writes the temp), the content.
 */
public final class StopAtStepMain {

    private StopAtStepMain() {
    }

    public static void main(String[] args) {
        try {
            Path file = Path.of(args[0]);
            FaultSeam.Step stop = FaultSeam.Step.valueOf(args[1]);
            String content = args[3];
            FaultSeam.install((step, operation, target) -> {
                if (step == stop) {
                    ChildIo.signal("AT " + step);
                    ChildIo.awaitParent();
                }
            });
            if (args[2].equals("ENGINE")) {
                FileOperation.named("Crash.write").write(file, content.getBytes(StandardCharsets.UTF_8));
            } else {
                ResilientFiles.atomicWrite(file, temp -> Files.writeString(temp, content));
            }
            ChildIo.signal("DONE");
        } catch (Exception | Error e) {
            ChildIo.die(e);
        }
    }
}
