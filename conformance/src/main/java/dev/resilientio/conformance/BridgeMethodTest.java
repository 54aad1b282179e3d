package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.conformance.fixtures.GenericWriter;
import dev.resilientio.conformance.fixtures.PathWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call through a generic interface reaches the annotated method through javac's bridge, which
 * carries the annotations too: the annotations apply once, to the method as written.
 */
class BridgeMethodTest {

    @TempDir
    Path dir;

    @Test
    void annotatedMethodCalledThroughItsGenericInterfaceWritesAtomically() throws IOException {
        Path file = dir.resolve("out.txt");
        GenericWriter<Path> writer = new PathWriter();

        String handed = writer.write(file, "through the interface");

        assertThat(handed).as("the body under %s was handed a temp", WeavingMode.name())
                .startsWith(".out.txt.").endsWith(".tmp");
        assertThat(file).hasContent("through the interface");
        try (Stream<Path> listing = Files.list(dir)) {
            // The lock file stays: every atomic write holds a byte of it while its temp exists.
            assertThat(listing.map(each -> each.getFileName().toString())).containsExactlyInAnyOrder("out.txt", "out.txt.lock");
        }
    }
}
