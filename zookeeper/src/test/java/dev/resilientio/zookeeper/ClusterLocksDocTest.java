package dev.resilientio.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileLockLostException;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.config.LockSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.lock.Fencing;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.rules.Durations;
import dev.resilientio.core.rules.Setting;
import dev.resilientio.core.testsupport.ChildJvm;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/cluster-locks.md does what it says: its dependency is this module, managed by the BOM; the
 * versions it names are the build's; its {@code zoo.cfg} is an ensemble of three whose session bounds
 * hold the default; its environment names known settings and locks under its namespace by the shared
 * root's key, with the token the fence file records; its error messages are the ones a user gets. The
 * checks that need ZooKeeper run against one real server in this JVM: they are about names and messages,
 * not about an ensemble's behaviour, which the other tests of this module prove on three.
 */
class ClusterLocksDocTest {

    private static final Path PAGE = Path.of("..", "docs", "cluster-locks.md");
    /** Where the page's examples mount the share; the tests' temp directory takes its place. */
    private static final String PAGE_ROOT = "/mnt/tasks";

    private static TestingServer server;

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @RegisterExtension
    final LogCapture log = LogCapture.of(ResilientIoConfig.class);

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    private static String page() throws IOException {
        assertThat(PAGE).as("docs/cluster-locks.md, from the module directory").isRegularFile();
        return Files.readString(PAGE);
    }

    /** The page with every run of white space as one space, for sentences that wrap. */
    private static String prose() throws IOException {
        return page().replaceAll("\\s+", " ");
    }

    /** The code block after the line {@code <!-- cluster-locks: NAME -->}. */
    private static String snippet(String name) throws IOException {
        Matcher block = Pattern.compile("<!-- cluster-locks: " + Pattern.quote(name) + " -->\n```[a-z]*\n(.*?)```",
                Pattern.DOTALL).matcher(page());
        assertThat(block.find()).as("docs/cluster-locks.md has a block marked <!-- cluster-locks: %s -->", name).isTrue();
        return block.group(1);
    }

    /** The environment snippet as variables, in the page's order. */
    private static Map<String, String> environment() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String line : snippet("environment").strip().split("\n")) {
            int equals = line.indexOf('=');
            assertThat(equals).as("an assignment NAME=value: %s", line).isPositive();
            environment.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return environment;
    }

    /** Every piece of the page's message between its '…' (what varies) is in the message, in order. */
    private static void assertShownAsOnThePage(String pageMessage, String shown, Path root) {
        String message = shown.replace(root.toString(), PAGE_ROOT);
        int from = 0;
        for (String piece : pageMessage.strip().split("…")) {
            int at = message.indexOf(piece, from);
            assertThat(at).as("the page's piece%n  %s%nin the message%n  %s", piece, message).isNotNegative();
            from = at + piece.length();
        }
    }

    @Test
    void theDependencyIsThisModuleWithItsVersionFromTheBom() throws IOException {
        String dependency = snippet("dependency");
        String pom = Files.readString(Path.of("pom.xml"));
        String bom = Files.readString(Path.of("..", "bom", "pom.xml"));

        assertThat(dependency).contains("<groupId>dev.resilientio</groupId>")
                .contains("<artifactId>resilient-io-zookeeper</artifactId>")
                .as("no version: the BOM's import gives it").doesNotContain("<version>");
        assertThat(pom).contains("<artifactId>resilient-io-zookeeper</artifactId>");
        assertThat(bom).contains("<artifactId>resilient-io-zookeeper</artifactId>");
    }

    @Test
    void theCuratorAndZooKeeperVersionsNamedInTheDocsAreTheBuilds() throws IOException {
        String root = Files.readString(Path.of("..", "pom.xml"));
        String curator = property(root, "curator.version");
        String zookeeper = property(root, "zookeeper.version");

        for (Path doc : List.of(PAGE, Path.of("..", "docs", "artifacts.md"))) {
            String text = Files.readString(doc);
            List<String> named = Pattern.compile("(Curator|ZooKeeper) ([0-9]+\\.[0-9]+\\.[0-9]+)").matcher(text).results()
                    .map(m -> m.group(1) + " " + m.group(2)).toList();
            assertThat(named).as("the versions %s names", doc).isNotEmpty()
                    .allSatisfy(v -> assertThat(v).isIn("Curator " + curator, "ZooKeeper " + zookeeper));
        }
    }

    private static String property(String pom, String name) {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">(.*?)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(value.find()).as("<%s> in the root pom", name).isTrue();
        return value.group(1);
    }

    @Test
    void theZooCfgIsAnEnsembleOfThreeWhoseSessionBoundsHoldTheDefaultTimeout() throws Exception {
        Properties cfg = new Properties();
        cfg.load(new StringReader(snippet("zoo-cfg")));
        // The server reads its number from myid in its dataDir, as the page says to write it.
        Path dataDir = Files.createDirectories(dir.resolve("zookeeper"));
        Files.writeString(dataDir.resolve("myid"), "1\n");
        cfg.setProperty("dataDir", dataDir.toString());
        QuorumPeerConfig parsed = new QuorumPeerConfig();

        parsed.parseProperties(cfg);

        int tick = parsed.getTickTime();
        int min = parsed.getMinSessionTimeout() > 0 ? parsed.getMinSessionTimeout() : 2 * tick;
        int max = parsed.getMaxSessionTimeout() > 0 ? parsed.getMaxSessionTimeout() : 20 * tick;
        long defaultTimeout = ((Duration) Setting.ZOOKEEPER_SESSION_TIMEOUT.defaultValue()).toMillis();
        assertThat(parsed.getQuorumVerifier().getVotingMembers()).hasSize(3);
        assertThat(parsed.getServerId()).isEqualTo(1);
        assertThat(defaultTimeout).isBetween((long) min, (long) max);
        assertThat(prose()).contains("from " + min / 1000 + " s to " + max / 1000 + " s with `tickTime=" + tick + "`")
                .contains("holds the default " + defaultTimeout / 1000 + " s");
    }

    @Test
    void theEnvironmentNamesKnownSettingsOnly() throws IOException {
        Map<String, String> environment = environment();

        LockSettings locks = ResilientIoConfig.from(environment, Map.of()).locks();

        assertThat(log.warnings()).as("no name of the snippet is unknown").isEmpty();
        assertThat(locks.provider()).isEqualTo("zookeeper");
        assertThat(locks.connect()).isEqualTo(environment.get("RESILIENT_IO_ZOOKEEPER_CONNECT"));
        assertThat(locks.namespace()).isEqualTo(environment.get("RESILIENT_IO_ZOOKEEPER_NAMESPACE"));
        assertThat(locks.sharedRoot()).isEqualTo(Path.of(PAGE_ROOT));
        List<String> named = Pattern.compile("RESILIENT_IO_[A-Z_]+").matcher(page()).results().map(MatchResult::group).toList();
        List<String> known = Arrays.stream(Setting.values()).map(Setting::envName).toList();
        assertThat(named).as("every variable the page names").isSubsetOf(known);
        assertThat(prose()).contains("(default `" + Setting.ZOOKEEPER_NAMESPACE.defaultText() + "`)")
                .contains("(default `" + Setting.ZOOKEEPER_SESSION_TIMEOUT.defaultText() + "`, from 1s to 10m)");
    }

    @Test
    void theLockFoldersAreThePagesAndTheFenceRecordsTheWriteNodesCreationZxid() throws Exception {
        Map<String, String> environment = environment();
        Path root = dir.toRealPath();
        environment.put("RESILIENT_IO_ZOOKEEPER_CONNECT", server.getConnectString());
        environment.put("RESILIENT_IO_LOCK_SHARED_ROOT", root.toString());
        environment.forEach((name, value) -> config.set(propertyOf(name), value));
        String namespace = environment.get("RESILIENT_IO_ZOOKEEPER_NAMESPACE");
        Path file = Files.createDirectories(root.resolve("2024")).resolve("a.json");
        Files.writeString(file, "1");
        AtomicLong writeNodeZxid = new AtomicLong();

        try (CuratorFramework observer = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100))) {
            observer.start();
            FileOperation.named("ClusterLocksDocTest.update").update(file, in -> new String(in.readAllBytes(),
                    StandardCharsets.UTF_8), "0", current -> {
                        String folder = "/" + namespace + "/locks/2024%2Fa.json";
                        try {
                            List<String> nodes = observer.getChildren().forPath(folder);
                            assertThat(nodes).singleElement().asString().contains("__WRIT__");
                            Stat stat = observer.checkExists().forPath(folder + "/" + nodes.get(0));
                            writeNodeZxid.set(stat.getCzxid());
                            assertThat(stat.getEphemeralOwner()).as("an ephemeral node").isNotZero();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return String.valueOf(Integer.parseInt(current) + 1);
                    }, text -> text.getBytes(StandardCharsets.UTF_8));
        }

        assertThat(Files.readString(file)).isEqualTo("2");
        String space;
        try (CuratorFramework observer = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100))) {
            observer.start();
            space = new String(observer.getData().forPath("/" + namespace + ZooKeeperConnection.TOKEN_SPACE),
                    StandardCharsets.US_ASCII);
        }
        assertThat(Files.readString(Fencing.fenceFileOf(file)))
                .isEqualTo(String.format("%020d %s\n", writeNodeZxid.get(), space));
        assertThat(prose()).contains("`/" + namespace.replaceFirst("^.*$", "<namespace>") + ZooKeeperConnection.TOKEN_SPACE + "`");
        assertThat(prose()).contains("`/mnt/tasks/counter.json` is the folder `/tasks-prod" + LockNodes.pathOf(
                "/mnt/tasks/counter.json") + "`").contains("with the shared root `/mnt/tasks` it is `/tasks-prod"
                + LockNodes.pathOf("counter.json") + "`");
    }

    /** Takes one exclusive lock, with the environment it was started with, and prints how that ended. */
    public static final class LockOnce {

        private LockOnce() {
        }

        /**
         * Runs the child.
         *
         * @param args the file to lock, and the lock timeout
         */
        public static void main(String[] args) {
            try {
                FileLocks.acquire(Path.of(args[0]), LockMode.EXCLUSIVE, Durations.parse(args[1])).close();
                System.out.println("LOCKED");
            } catch (IOException | RuntimeException e) {
                System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    @Test
    void anUnreachableEnsembleFailsTheFirstLockWithThePagesMessage() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path file = dir.resolve("counter.json");
        // A child JVM, so that the address comes from the environment variable, as the page shows it.
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(LockOnce.class, file.toString(), "2s"))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("RESILIENT_IO_"));
        builder.environment().put("RESILIENT_IO_LOCK_PROVIDER", "zookeeper");
        builder.environment().put("RESILIENT_IO_ZOOKEEPER_CONNECT", "127.0.0.1:" + closedPort);
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ends").isTrue();
        // Logback may print its own status lines first.
        String ending = out.lines().filter(line -> line.startsWith("FAILED ") || line.equals("LOCKED")).findFirst()
                .orElseThrow(() -> new AssertionError("the child printed no outcome:\n" + out));

        assertThat(ending).startsWith("FAILED java.io.IOException: ");
        assertShownAsOnThePage(snippet("unreachable"), ending.substring("FAILED ".length()), dir.toRealPath());
    }

    @Test
    void aCommitAfterTheSessionWasKilledFailsWithThePagesMessage() throws Exception {
        config.set("resilientio.lock.provider", "zookeeper");
        config.set("resilientio.zookeeper.connect", server.getConnectString());
        config.set("resilientio.zookeeper.session-timeout", "4s");
        config.set("resilientio.lock.os", "false");
        Path file = dir.resolve("counter.json");
        Files.writeString(file, "1");

        assertThatThrownBy(() -> FileOperation.named("ClusterLocksDocTest.lost").update(file,
                in -> new String(in.readAllBytes(), StandardCharsets.UTF_8), "0", current -> {
                    try {
                        KillSession.kill(ZooKeeperConnection.of(ResilientIoConfig.global().locks()).client()
                                .getZookeeperClient().getZooKeeper());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return "2";
                }, text -> text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FileLockLostException.class)
                .satisfies(lost -> assertShownAsOnThePage(snippet("lost"), lost.getClass().getName() + ": " + lost.getMessage(),
                        dir.toRealPath()));
        assertThat(Files.readString(file)).isEqualTo("1");
    }

    private static String propertyOf(String variable) {
        return Arrays.stream(Setting.values()).filter(s -> s.envName().equals(variable)).findFirst()
                .map(Setting::propertyName).orElseThrow(() -> new AssertionError("no setting " + variable));
    }
}
