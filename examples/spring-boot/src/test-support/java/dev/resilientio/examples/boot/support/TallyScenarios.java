package dev.resilientio.examples.boot.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The checks every way of running the example goes through: appends from threads and processes
 * that must all be on disk, a retried save whose WARN is in Logback's format, and the application's
 * own aspect counting exactly the calls that reach the store.
 */
public final class TallyScenarios {

    private TallyScenarios() {
    }

    /**
     * Appends from client threads of this JVM and from client processes at once, spread over every
     * instance, then checks the list's file: each entry exactly once, none missing.
     *
     * @param apps the instances, all on one data directory
     * @param dataDir that directory
     * @param list the list to append to (a fresh one)
     * @param processes client processes
     * @param threads threads in this JVM and in each client process
     * @param perThread requests per thread
     * @throws Exception when a client cannot run
     */
    public static void appendsFromThreadsAndProcessesAllLand(List<FatJarProcess> apps, Path dataDir, String list,
            int processes, int threads, int perThread) throws Exception {
        List<URI> bases = apps.stream().map(FatJarProcess::baseUri).toList();
        List<ClientProcess> clients = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int p = 0; p < processes; p++) {
                clients.add(ClientProcess.start(bases, list, "p" + p, threads, perThread));
            }
            assertThat(ClientMain.send(bases, list, "local", threads, perThread))
                    .as("every append from this JVM answered 200").isTrue();
            for (ClientProcess client : clients) {
                assertThat(client.awaitSuccess(120)).contains("sent " + threads * perThread);
            }
        } finally {
            for (ClientProcess client : clients) {
                client.close();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        List<String> onDisk = TallyClient.entriesOnDisk(dataDir.resolve(list + ".json"));
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            for (int n = 0; n < perThread; n++) {
                expected.add("local-t" + t + "-" + n);
                for (int p = 0; p < processes; p++) {
                    expected.add("p" + p + "-t" + t + "-" + n);
                }
            }
        }
        assertThat(onDisk).as("entries on disk").hasSize(expected.size()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        System.out.printf("%d appends (%d client processes + this JVM, %d threads each, %d instances) in %d ms;"
                + " %d entries on disk, none lost%n", expected.size(), processes, threads, apps.size(), took.toMillis(),
                onDisk.size());
    }

    /**
     * Appends one entry with its first attempts failing, and checks that it was retried, that the
     * retries were logged at WARN in Spring Boot's Logback console format by the child, and that
     * the failed attempts left nothing on disk.
     *
     * @param app the instance
     * @param dataDir its data directory
     * @param list the list to append to (a fresh one)
     * @param failures how many attempts fail before one succeeds; fewer than the attempts allowed
     * @param maxAttempts the attempts the application allows the operation
     * @return the WARN lines
     * @throws Exception when the request cannot be sent
     */
    public static List<String> retriedAppendLogsWarn(FatJarProcess app, Path dataDir, String list, int failures,
            int maxAttempts) throws Exception {
        HttpResponse<String> response = new TallyClient().add(app.baseUri(), list, "retried", failures);

        assertThat(response.statusCode()).as("answer: %s", response.body()).isEqualTo(200);
        List<String> warnings = app.awaitLines(
                warnLine(app.pid(), "TallyStore.add", failures, maxAttempts), Duration.ofSeconds(10));
        assertThat(warnings).as("the WARN of attempt %d/%d in the output of pid %d:\n%s", failures, maxAttempts,
                app.pid(), app.output()).isNotEmpty();
        List<String> all = new ArrayList<>();
        for (int attempt = 1; attempt <= failures; attempt++) {
            Pattern line = warnLine(app.pid(), "TallyStore.add", attempt, maxAttempts);
            List<String> found = app.lines().stream().filter(l -> line.matcher(l).find()).toList();
            assertThat(found).as("one WARN for attempt %d/%d", attempt, maxAttempts).hasSize(1);
            assertThat(found.get(0)).contains(dataDir.resolve(list + ".json").toString())
                    .contains("Simulated transient failure");
            all.addAll(found);
        }
        assertThat(TallyClient.entriesOnDisk(dataDir.resolve(list + ".json"))).containsExactly("retried");
        try (var leftovers = Files.list(dataDir)) {
            assertThat(leftovers.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".tmp")))
                    .as("temp files left by failed attempts").isEmpty();
        }
        all.forEach(warning -> System.out.println("WARN seen: " + warning));
        return all;
    }

    /**
     * The retry WARN as Spring Boot's default Logback console pattern prints it: ISO timestamp with
     * milliseconds and offset, level, the child's pid, {@code ---}, application and thread names in
     * brackets, the logger name (abbreviated by Logback only past 39 characters), then the message.
     *
     * @param pid the child's pid
     * @param operation the operation name
     * @param attempt the failed attempt
     * @param maxAttempts the attempts allowed
     * @return a pattern for one line
     */
    public static Pattern warnLine(long pid, String operation, int attempt, int maxAttempts) {
        return Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) +WARN " + pid
                + " --- \\[tally\\] \\[ *[^\\]]+\\] dev\\.resilientio\\.core\\.retry\\.FileRetry +: " + Pattern.quote(operation)
                + " failed on attempt " + attempt + "/" + maxAttempts + " on \\S+, retrying in \\S+: java\\.io\\.IOException: ");
    }

    /**
     * Sends appends to one instance and checks that the application's own aspect counted each once:
     * calls from outside the store are counted, the store's self-calls are not, and the aspect is
     * the Spring bean with its field injected.
     *
     * @param app the instance
     * @param list the list to append to
     * @param requests how many appends
     * @throws Exception when a request cannot be sent
     */
    public static void applicationAspectCountsEachCallOnce(FatJarProcess app, String list, int requests)
            throws Exception {
        TallyClient client = new TallyClient();
        URI stats = app.baseUri().resolve("/stats");
        Map<String, Long> before = calls(client.getJson(stats));

        for (int n = 0; n < requests; n++) {
            HttpResponse<String> response = client.add(app.baseUri(), list, "counted-" + n, 0);
            assertThat(response.statusCode()).as("answer: %s", response.body()).isEqualTo(200);
        }
        Map<String, Object> after = client.getJson(stats);

        assertThat(calls(after).getOrDefault("add", 0L) - before.getOrDefault("add", 0L))
                .as("adds the application's aspect counted for %d requests", requests).isEqualTo(requests);
        assertThat(calls(after).getOrDefault("load", 0L)).as("self-calls to load counted")
                .isEqualTo(before.getOrDefault("load", 0L));
        assertThat(calls(after).getOrDefault("save", 0L)).as("self-calls to save counted")
                .isEqualTo(before.getOrDefault("save", 0L));
        assertThat(after).containsEntry("counterInjected", true).containsEntry("storeIsSpringProxy", true);
        System.out.printf("application aspect: %d requests, %d counted; stats %s%n", requests,
                calls(after).get("add") - before.getOrDefault("add", 0L), after);
    }

    /**
     * Reads the starter's actuator endpoint {@code /actuator/resilientio}: each annotated method's
     * operation, whether it is woven, and the settings it runs with.
     *
     * @param app the instance
     * @return each operation's report, by operation name
     * @throws Exception when the request cannot be sent
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> operations(FatJarProcess app) throws Exception {
        Map<String, Object> report = new TallyClient().getJson(app.baseUri().resolve("/actuator/resilientio"));
        Map<String, Map<String, Object>> operations = new java.util.TreeMap<>();
        for (Object operation : (List<Object>) report.get("operations")) {
            Map<String, Object> one = (Map<String, Object>) operation;
            operations.put((String) one.get("operation"), one);
        }
        return operations;
    }

    /**
     * Checks through the actuator endpoint that the store's three annotated methods are woven.
     *
     * @param app the instance
     * @throws Exception when the request cannot be sent
     */
    public static void storeMethodsAreWoven(FatJarProcess app) throws Exception {
        Map<String, Map<String, Object>> operations = operations(app);
        assertThat(operations).as("/actuator/resilientio").containsOnlyKeys("TallyStore.add", "TallyStore.load",
                "TallyStore.save");
        operations.forEach((name, report) -> assertThat(report).as(name).containsEntry("woven", true));
        System.out.println("/actuator/resilientio: " + operations.keySet() + " all woven");
    }

    /**
     * Checks that the instance is reachable on 127.0.0.1 but on none of this machine's other addresses:
     * the demo's {@code X-Fail-Attempts} header and actuator must not be open to the network.
     *
     * @param app the instance
     * @throws Exception when the machine's interfaces cannot be listed
     */
    public static void listensOnLoopbackOnly(FatJarProcess app) throws Exception {
        int port = app.baseUri().getPort();
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                others.addAll(java.util.Collections.list(nic.getInetAddresses()));
            }
        }
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        }
        Assumptions.assumeFalse(others.isEmpty(), "this machine has no address but loopback to try");
        for (InetAddress address : others) {
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, port), 5_000))
                        .as("connecting to %s:%d", address.getHostAddress(), port).isInstanceOf(IOException.class);
            }
        }
        System.out.println("listens on 127.0.0.1 only; refused on " + others);
    }

    private static Map<String, Long> calls(Map<String, Object> stats) {
        @SuppressWarnings("unchecked")
        Map<String, Object> calls = (Map<String, Object>) stats.get("calls");
        Map<String, Long> counts = new java.util.TreeMap<>();
        calls.forEach((method, count) -> counts.put(method, ((Number) count).longValue()));
        return counts;
    }
}
