package dev.resilientio.core.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Unix user created for one test class ({@code useradd -M -N -s /usr/sbin/nologin rio_<random>})
 * and deleted on {@link #close()}: the other local user of the attacks tests reproduce. Its commands
 * run as real processes with its uid and gid (through {@code setpriv}).
 */
public final class ThrowawayUser implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final String name;
    private final int uid;
    private final int gid;

    private ThrowawayUser(String name, int uid, int gid) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * Creates a user; skips the test (an assumption) when not root or without useradd and setpriv.
     *
     * @return the user, to close
     */
    public static ThrowawayUser create() throws IOException, InterruptedException {
        Assumptions.assumeTrue(UnprivilegedJvm.runsAsRoot(), "needs root: creates a throwaway Unix user");
        RequiredTool.require(Path.of("/usr/sbin/useradd"), "passwd", "to create another local user");
        RequiredTool.require(Path.of("/usr/sbin/userdel"), "passwd", "to delete the user it created");
        RequiredTool.require(Path.of("/usr/bin/setpriv"), "util-linux", "to act as another local user");
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String name = "rio_" + HexFormat.of().formatHex(random);
        String said = run(List.of("/usr/sbin/useradd", "-M", "-N", "-s", "/usr/sbin/nologin", name));
        Assumptions.assumeTrue(said == null, () -> "needs useradd to work here: " + said);
        try {
            int uid = Integer.parseInt(output(List.of("id", "-u", name)));
            int gid = Integer.parseInt(output(List.of("id", "-g", name)));
            return new ThrowawayUser(name, uid, gid);
        } catch (IOException | RuntimeException e) {
            run(List.of("/usr/sbin/userdel", name));
            throw e;
        }
    }

    /** The user's name. */
    public String name() {
        return name;
    }

    /** The user's id. */
    public int uid() {
        return uid;
    }

    /** The user's primary group id. */
    public int gid() {
        return gid;
    }

    /**
     * Makes this user the owner and group of a file, a directory or (not following it) a link.
     *
     * @param path the file
     */
    public void give(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Runs a shell command as this user and waits for it.
     *
     * @param script the {@code sh -c} script
     * @throws AssertionError when it fails or does not finish in time
     */
    public void sh(String script) throws IOException, InterruptedException {
        String failure = run(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "/bin/sh", "-c", script));
        if (failure != null) {
            throw new AssertionError("as " + name + ": " + script + " failed: " + failure);
        }
    }

    /**
     * Runs a shell command as this user, for a callback that may throw only {@link IOException}.
     *
     * @param script the {@code sh -c} script
     * @throws IOException when it fails, is interrupted (the flag stays set) or does not finish in time
     */
    public void shUnchecked(String script) throws IOException {
        try {
            sh(script);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while running as " + name + ": " + script);
        } catch (AssertionError e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Deletes the user. */
    @Override
    public void close() throws IOException {
        String failure;
        try {
            failure = run(List.of("/usr/sbin/userdel", name));
        } catch (InterruptedException e) {
            // From close() an InterruptedException may end up suppressed; keep the flag set instead.
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while deleting user " + name, e);
        }
        if (failure != null) {
            throw new AssertionError("userdel " + name + " failed: " + failure);
        }
    }

    /** Runs a command; returns {@code null} when it exits 0, else its exit code and output. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "did not finish within " + TIMEOUT_SECONDS + "s: " + said;
        }
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + said;
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + said);
        }
        return said;
    }
}
