package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.resilientio.core.testsupport.AtomicWriteChild;
import dev.resilientio.core.testsupport.RequiredTool;
import dev.resilientio.core.testsupport.StraceLog;
import dev.resilientio.core.testsupport.StraceLog.Syscall;
import dev.resilientio.core.testsupport.UnprivilegedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Watches one atomic write in a real child JVM with strace to prove that it changes only the
 * attributes that differ: the temp is created with the mode it must have while written where that
 * is safe, a {@code chmod} of the temp only when its mode differs from what it must have while written, a second one at the commit only for a target without owner-write, a
 * {@code chown} only for an owner or group that differs (and before the {@code chmod}, so the
 * widened mode never applies to this process's group), and no lookup in the user or group
 * database (owner and group are compared by number).
 */
class AtomicWriteAttributeCallsTest {

    private static final Set<String> ATTRIBUTE_CALLS =
            Set.of("chmod", "fchmod", "fchmodat", "chown", "fchown", "lchown", "fchownat");
    private static final Pattern MODE = Pattern.compile("\\b(0[0-7]{3,})\\b");
    private static final Pattern OWNERS = Pattern.compile("(-?\\d+), (-?\\d+)(?:, [A-Z_|0-9]+)?$");
    private static final List<String> USER_DATABASES = List.of("/etc/passwd", "/etc/group", "nscd");

    @TempDir
    Path temp;

    private Path dir;
    private Path target;

    @BeforeEach
    void setUp() throws IOException {
        RequiredTool.require(StraceLog.STRACE, "strace", "to observe the system calls");
        dir = temp.toRealPath();
        target = Files.writeString(dir.resolve("state.json"), "old");
    }

    /**
     * Each row: how the child writes ({@link AtomicWriteChild}), the target's mode, its owner and
     * group ({@code self} for this process's, else a user or group id), and the attribute calls
     * expected on the temp, in order: {@code chmod <mode>} or {@code chown <uid>:<gid>} (-1: unchanged).
     */
    @ParameterizedTest(name = "{0} over a {1} target owned by {2}:{3}: {4}")
    @CsvSource(delimiter = '|', value = {
        "callback | rw------- | self  | self  | ",
        "callback | rw-r--r-- | self  | self  | ",
        "callback | r--r--r-- | self  | self  | chmod 0444",
        "text     | r--r--r-- | self  | self  | chmod 0444",
        "text     | rw-rw-r-- | self  | self  | chmod 0664",
        "callback | rw-r----- | self  | 65534 | chown -1:65534; chmod 0640",
        "callback | rw-r----- | 65534 | 65534 | chown -1:65534; chown 65534:-1; chmod 0640",
    })
    void changesOnlyTheAttributesThatDifferAndLooksUpNoNames(String mode, String permissions, String owner, String group,
            String expected) throws Exception {
        if (!owner.equals("self") || !group.equals("self")) {
            assumeTrue(UnprivilegedJvm.runsAsRoot(), "needs root to give the target away");
        }
        if (!owner.equals("self")) {
            Files.setAttribute(target, "unix:uid", Integer.valueOf(owner));
        }
        if (!group.equals("self")) {
            Files.setAttribute(target, "unix:gid", Integer.valueOf(group));
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(permissions));
        Object ownerBefore = Files.getAttribute(target, "unix:uid");
        Object groupBefore = Files.getAttribute(target, "unix:gid");

        StraceLog log = StraceLog.traceChild("openat,close,connect," + String.join(",", ATTRIBUTE_CALLS),
                temp.resolve("strace.txt"), temp.resolve("child.log"), AtomicWriteChild.class, mode, target.toString(), "new", "warm");

        int begin = log.firstOpen(target + ".begin").index();
        int end = log.firstOpen(target + ".end").index();
        List<Syscall> duringWrite = log.calls().subList(begin + 1, end);
        String tempPath = onlyTemp(log);
        List<Syscall> allAttributeCalls = duringWrite.stream().filter(call -> ATTRIBUTE_CALLS.contains(call.name())).toList();
        // Besides the temp, only the lock file that the write creates may be changed: as root, it is given the
        // target's owner and group, so that the owner may lock the file after root wrote it.
        Path lockFile = dir.resolve(target.getFileName() + ".lock");
        assertThat(allAttributeCalls).as("attribute calls during the write").allSatisfy(call -> {
            assertThat(call.result()).isZero();
            assertThat(pathOf(call)).isIn(tempPath, lockFile.toString());
        });
        List<Syscall> attributeCalls = allAttributeCalls.stream().filter(call -> pathOf(call).equals(tempPath)).toList();
        assertThat(Files.getAttribute(lockFile, "unix:uid")).as("the lock file's owner").isEqualTo(ownerBefore);
        assertThat(Files.getAttribute(lockFile, "unix:gid")).as("the lock file's group").isEqualTo(groupBefore);
        assertThat(attributeCalls.stream().map(AtomicWriteAttributeCallsTest::describe).toList())
                .as("attribute calls on the temp %s, in order", tempPath)
                .isEqualTo(expected == null ? List.of() : Arrays.asList(expected.split("; ")));
        // Created with the mode it must have while written, when the group's bits grant no more than the
        // others' (this process's group may not be the target's); else owner-only, widened after the chown.
        int whileWritten = 0600;
        for (int bit = 0; bit < 9; bit++) {
            whileWritten |= permissions.charAt(8 - bit) != '-' ? 1 << bit : 0;
        }
        String createMode = "0" + Integer.toOctalString(((whileWritten >> 3) & 07 & ~(whileWritten & 07)) == 0
                ? whileWritten : 0600);
        assertThat(duringWrite).as("the temp's exclusive create, with mode %s", createMode).anySatisfy(call -> {
            assertThat(call.name()).isEqualTo("openat");
            assertThat(call.args()).contains(tempPath).contains("O_EXCL").endsWith(", " + createMode);
        });
        assertThat(duringWrite).as("user and group database lookups during the write")
                .noneSatisfy(call -> assertThat(call.args()).containsAnyOf(USER_DATABASES.toArray(String[]::new)));
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString(permissions));
        assertThat(Files.getAttribute(target, "unix:uid")).as("owner").isEqualTo(ownerBefore);
        assertThat(Files.getAttribute(target, "unix:gid")).as("group").isEqualTo(groupBefore);
    }

    private static String pathOf(Syscall call) {
        return call.paths().isEmpty() ? call.fdPath().orElse("?") : call.paths().get(0);
    }

    private String onlyTemp(StraceLog log) {
        List<String> temps = log.exclusivelyCreated(dir.resolve("." + target.getFileName() + ".").toString(), ".tmp");
        assertThat(temps).as("temp files created beside %s", target).hasSize(1);
        return temps.get(0);
    }

    private static String describe(Syscall call) {
        String args = call.args().replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        if (call.name().contains("chmod")) {
            Matcher mode = MODE.matcher(args);
            assertThat(mode.find()).as("mode in %s(%s)", call.name(), call.args()).isTrue();
            return "chmod " + mode.group(1);
        }
        Matcher owners = OWNERS.matcher(args);
        assertThat(owners.find()).as("owner and group in %s(%s)", call.name(), call.args()).isTrue();
        return "chown " + owners.group(1) + ":" + owners.group(2);
    }
}
