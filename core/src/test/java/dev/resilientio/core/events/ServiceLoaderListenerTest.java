package dev.resilientio.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners named in {@code META-INF/services}: the engine loads them once, when its dispatcher is
 * first used, so each case runs in a child JVM whose class path starts with services files written
 * for it.
 */
class ServiceLoaderListenerTest {

    private static final String SERVICES = "META-INF/services/" + ResilientIoListener.class.getName();
    private static final String MISSING = "com.example.MissingListener";

    @TempDir
    Path dir;

    /** A class path folder holding only a services file that names {@code listeners}. */
    private Path servicesFolder(String name, String... listeners) throws IOException {
        Path file = dir.resolve(name).resolve(SERVICES);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# written by " + getClass().getSimpleName() + "\n" + String.join("\n", listeners) + "\n");
        return dir.resolve(name);
    }

    /** Runs the child with the folders before the test class path; returns its stdout lines and stderr. */
    private List<String> runChild(Path log, Path... folders) throws Exception {
        List<String> command = new ArrayList<>(ChildJvm.command(ServiceListenerMain.class, dir.resolve("notes.txt").toString()));
        int classPath = command.indexOf("-cp") + 1;
        StringBuilder path = new StringBuilder();
        for (Path folder : folders) {
            path.append(folder).append(File.pathSeparator);
        }
        command.set(classPath, path + command.get(classPath));
        Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
        List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
        assertThat(child.exitValue()).as("the child's exit code; its stderr: %s", Files.readString(log)).isZero();
        return lines;
    }

    @Test
    void aListenerNamedInAServicesFileReceivesEveryEventWithoutRegistering() throws Exception {
        Path log = dir.resolve("child.log");

        List<String> lines = runChild(log, servicesFolder("good", ServiceListenerMain.Printing.class.getName()));

        assertThat(lines).containsExactly(
                "ON true",
                "LISTENERS [" + ServiceListenerMain.Printing.class.getName() + "]",
                "EVENT LockAcquired ResilientFiles.writeText",
                "EVENT AtomicWriteCommitted ResilientFiles.writeText",
                "EVENT CallCompleted ResilientFiles.writeText",
                "DONE");
        assertThat(Files.readString(log)).doesNotContain("WARN");
    }

    @Test
    void aBrokenServicesEntryIsLoggedAndTheOtherListenersStillLoad() throws Exception {
        Path log = dir.resolve("child.log");

        List<String> lines = runChild(log, servicesFolder("broken", MISSING),
                servicesFolder("good", ServiceListenerMain.Printing.class.getName()));

        assertThat(lines).startsWith("ON true", "LISTENERS [" + ServiceListenerMain.Printing.class.getName() + "]")
                .contains("EVENT CallCompleted ResilientFiles.writeText").endsWith("DONE");
        assertThat(Files.readString(log)).contains("WARN").contains("Could not load").contains(MISSING)
                .contains("META-INF/services/" + ResilientIoListener.class.getName());
    }
}
