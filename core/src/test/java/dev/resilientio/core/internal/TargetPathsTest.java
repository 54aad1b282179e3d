package dev.resilientio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.ChildJvm;
import dev.resilientio.core.testsupport.ResolveMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a target resolves to: the same on Java 17, which finds symlinks with {@code Files.isSymbolicLink},
 * and on Java 20+, which uses the provider's exception-free {@code readAttributesIfExists}.
 */
class TargetPathsTest {

    @TempDir
    Path temp;

    private Path real;
    private final List<Path> cases = new ArrayList<>();
    private final List<String> expected = new ArrayList<>();

    @BeforeEach
    void createLinks() throws IOException {
        real = temp.toRealPath();
        Path data = Files.createDirectory(real.resolve("data"));
        Files.writeString(data.resolve("present.json"), "{}");
        Files.createSymbolicLink(real.resolve("dir-link"), data);
        Files.createSymbolicLink(data.resolve("link.json"), Path.of("present.json"));
        Files.createSymbolicLink(data.resolve("chain.json"), Path.of("link.json"));
        Files.createSymbolicLink(data.resolve("dangling.json"), Path.of("not-yet.json"));
        Files.createSymbolicLink(data.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(data.resolve("loop-b"), Path.of("loop-a"));
        // A chain of directory links, a .. taken after a link (where the kernel takes it, not
        // lexically) and a loop of directory links.
        Path deep = Files.createDirectories(real.resolve("other/deep"));
        Files.writeString(real.resolve("other/elsewhere.json"), "{}");
        Files.createSymbolicLink(real.resolve("chain-dir"), Path.of("dir-link"));
        Files.createSymbolicLink(data.resolve("deep-link"), Path.of("../other/deep"));
        Files.createSymbolicLink(data.resolve("up.json"), Path.of("deep-link/../elsewhere.json"));
        Files.createSymbolicLink(real.resolve("up-dir"), Path.of("data/deep-link/.."));
        Files.createSymbolicLink(real.resolve("loop-dir-a"), Path.of("loop-dir-b"));
        Files.createSymbolicLink(real.resolve("loop-dir-b"), Path.of("loop-dir-a"));

        expect(real.resolve("data/present.json"), data.resolve("present.json").toString());
        expect(real.resolve("data/missing.json"), data.resolve("missing.json").toString());
        expect(real.resolve("dir-link/missing.json"), data.resolve("missing.json").toString());
        expect(real.resolve("dir-link/../data/./present.json"), data.resolve("present.json").toString());
        expect(real.resolve("data/link.json"), data.resolve("present.json").toString());
        expect(real.resolve("dir-link/chain.json"), data.resolve("present.json").toString());
        expect(real.resolve("data/dangling.json"), data.resolve("not-yet.json").toString());
        expect(real.resolve("data/loop-a"), "FileSystemLoopException");
        expect(real.resolve("no-such-dir/file.json"), real.resolve("no-such-dir/file.json").toString());
        expect(real.resolve("chain-dir/chain.json"), data.resolve("present.json").toString());
        expect(real.resolve("data/deep-link/new.json"), deep.resolve("new.json").toString());
        expect(real.resolve("data/up.json"), real.resolve("other/elsewhere.json").toString());
        expect(real.resolve("up-dir/elsewhere.json"), real.resolve("other/elsewhere.json").toString());
        expect(real.resolve("chain-dir/no-such-dir/file.json"), data.resolve("no-such-dir/file.json").toString());
        expect(real.resolve("loop-dir-a/file.json"), "FileSystemLoopException");
    }

    @Test
    void resolvesFilesLinksChainsDanglingLinksAndLoops() {
        List<String> resolved = cases.stream().map(ResolveMain::resolveOrError).toList();

        assertThat(resolved).as("resolution on Java %s", Runtime.version().feature()).isEqualTo(expected);
    }

    @Test
    void aNewerJavaResolvesTheSame() throws Exception {
        Optional<Path> newer = newerJava();
        Assumptions.assumeTrue(newer.isPresent(), "no Java 20 or later under /usr/lib/jvm to compare with");
        List<String> command = new ArrayList<>(List.of(newer.get().toString(), "-cp", ChildJvm.classPath(),
                ResolveMain.class.getName()));
        cases.forEach(path -> command.add(path.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();

        assertThat(output.lines().toList()).as("resolution on %s", newer.get()).isEqualTo(expected);
    }

    private void expect(Path path, String resolution) {
        cases.add(path);
        expected.add(resolution);
    }

    /** The java launcher of a JDK 20 or later installed beside the running one, if any. */
    private static Optional<Path> newerJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.map(home -> home.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .filter(java -> featureVersion(java) >= 20)
                    .findFirst();
        }
    }

    private static int featureVersion(Path java) {
        try {
            Path release = java.getParent().getParent().resolve("release");
            String version = Files.readAllLines(release).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION="))
                    .findFirst().orElse("JAVA_VERSION=\"0\"");
            return Integer.parseInt(version.replaceAll("JAVA_VERSION=\"(\\d+).*", "$1"));
        } catch (IOException | NumberFormatException unreadable) {
            return 0;
        }
    }
}
