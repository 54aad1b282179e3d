package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.ChildJvm;
import dev.resilientio.core.testsupport.LockFileUserMain;
import dev.resilientio.core.testsupport.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lock files kept open after their last lock must not use up a process's file descriptors: under
 * {@code ulimit -n 64} a JVM writes 300 distinct files and can still open one of its own.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "runs bash's ulimit and counts /proc/self/fd")
class LowFileLimitTest {

    @TempDir
    Path temp;

    @Test
    void threeHundredWritesUnderALimitOf64LeaveDescriptorsForTheApplication() throws Exception {
        RequiredTool.require(Path.of("/bin/bash"), "bash", "for its ulimit");
        Path directory = Files.createDirectory(temp.toRealPath().resolve("many"));
        List<String> java = ChildJvm.command(LockFileUserMain.class, "MANY", directory.toString(), "300");
        List<String> command = new ArrayList<>(List.of("/bin/bash", "-c", "ulimit -n 64 && exec \"$@\"", "bash"));
        command.addAll(java);
        Path log = temp.resolve("child.log");

        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child finished").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(output).as("what the child under ulimit -n 64 said").contains("OK read 'content 0' fds=");
        int descriptors = Integer.parseInt(output.replaceAll("(?s).*fds=(\\d+).*", "$1"));
        System.out.println("LowFileLimitTest: open descriptors after 300 writes under ulimit -n 64: " + descriptors);
        assertThat(descriptors).as("descriptors open at the end, of 64").isLessThan(48);
        assertThat(Files.list(directory).filter(file -> file.toString().endsWith(".txt")).count()).isEqualTo(300);
    }
}
