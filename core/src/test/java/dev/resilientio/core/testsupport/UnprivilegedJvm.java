package dev.resilientio.core.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a main class of the test class path in a child JVM as user nobody (through {@code setpriv}),
 * for tests of what permission bits mean to a process that, unlike root, must obey them.
 *
 * <p>Root's class path usually lies under {@code /root/.m2}, which nobody may not enter, so the
 * class path is first copied to a directory that everyone may read.
 */
public final class UnprivilegedJvm {

    /** The user and group id of nobody on Linux. */
    public static final int NOBODY = 65534;

    private static final long TIMEOUT_SECONDS = 60;

    private UnprivilegedJvm() {
    }

    /**
     * Tells whether this process runs as root, which may give files away (and ignores permission bits).
     *
     * @return {@code true} for uid 0 on Linux
     */
    public static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException noProc) {
            return false;
        }
    }

    /**
     * Tells why a child cannot run as nobody here, for an assumption.
     *
     * @return the reason, or empty when it can
     */
    public static Optional<String> unavailableBecause() {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException noProc) {
            return Optional.of("cannot tell this process's uid from /proc/self (" + noProc + "); needs Linux");
        }
        if (uid != 0) {
            return Optional.of("needs root (to switch the child to user nobody); running as uid " + uid);
        }
        Optional<Path> setpriv = setpriv();
        if (setpriv.isEmpty()) {
            RequiredTool.require(Path.of("/usr/bin/setpriv"), "util-linux", "to run a child as user nobody");
            return Optional.of("needs setpriv (util-linux) on the PATH to run a child as user nobody");
        }
        try {
            List<String> command = setprivPrefix(setpriv.get());
            command.add("true");
            Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
            probe.getOutputStream().close();
            String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!probe.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                probe.destroyForcibly();
                return Optional.of("setpriv cannot switch to user nobody here (no CAP_SETUID?): " + said.strip());
            }
        } catch (IOException e) {
            return Optional.of("setpriv cannot be run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing setpriv");
        }
        return Optional.empty();
    }

    /**
     * Makes nobody the owner and group of a file or directory.
     *
     * @param path the file or directory
     * @throws IOException when it cannot be given away (only root may)
     */
    public static void giveToNobody(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", NOBODY);
        Files.setAttribute(path, "unix:gid", NOBODY);
    }

    /**
     * Runs {@code mainClass} as nobody and waits for it to exit.
     *
     * @param staging an empty directory that user nobody can reach, for the copied class path
     * @param workingDirectory the child's working directory
     * @param log the file for the child's stdout and stderr
     * @param mainClass the main class, on the test class path
     * @param args its arguments
     * @return its exit code
     * @throws IOException when the child cannot be started
     * @throws AssertionError when it does not exit in time
     */
    public static int run(Path staging, Path workingDirectory, Path log, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = setprivPrefix(setpriv().orElseThrow());
        command.add(ChildJvm.javaExecutable());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        // A short-lived child needs no hsperfdata file in /tmp.
        command.add("-XX:-UsePerfData");
        command.add("-cp");
        command.add(readableClassPath(staging));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        child.getOutputStream().close();
        if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError(mainClass.getSimpleName() + " as nobody did not exit within "
                    + TIMEOUT_SECONDS + "s; its output:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return child.exitValue();
    }

    private static List<String> setprivPrefix(Path setpriv) {
        List<String> command = new ArrayList<>();
        command.add(setpriv.toString());
        command.add("--reuid=" + NOBODY);
        command.add("--regid=" + NOBODY);
        command.add("--clear-groups");
        return command;
    }

    private static Optional<Path> setpriv() {
        String path = System.getenv("PATH");
        Stream<String> directories = path == null ? Stream.of("/usr/bin", "/bin")
                : Stream.of(path.split(File.pathSeparator));
        return directories.filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, "setpriv"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Copies each class path entry into {@code staging}, readable by everyone. */
    private static String readableClassPath(Path staging) throws IOException {
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int index = 0;
        for (String entry : ChildJvm.classPath().split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path copy = staging.resolve(index++ + "-" + source.getFileName());
            copyReadable(source, copy);
            entries.add(copy.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyReadable(Path source, Path copy) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, copy);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            return;
        }
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path from : (Iterable<Path>) tree::iterator) {
                Path to = copy.resolve(source.relativize(from).toString());
                Files.copy(from, to);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(
                        Files.isDirectory(to) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
