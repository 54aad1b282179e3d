package dev.resilientio.core.atomic;

import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.TargetPaths;
import dev.resilientio.core.retry.TransientIoClassifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** Names the engine derives from a target: sidecars within 255 bytes, and context that never decides a retry. */
class SidecarNameTest {

    private static final Path DIRECTORY = Path.of("/data");

    @Test
    void longNamesWhoseStringHashesCollideGetDifferentSidecars() {
        // "Aa" and "BB" have the same String.hashCode, so a 32-bit hash would give both one lock file.
        String stem = "x".repeat(245);
        Path first = DIRECTORY.resolve(stem + "Aa.json");
        Path second = DIRECTORY.resolve(stem + "BB.json");
        assertThat(first.getFileName().toString().hashCode()).isEqualTo(second.getFileName().toString().hashCode());

        Path firstLock = TargetPaths.withSuffix(first, ".lock");
        Path secondLock = TargetPaths.withSuffix(second, ".lock");

        assertThat(firstLock).isNotEqualTo(secondLock);
        assertThat(Backups.backup(first, 0)).isNotEqualTo(Backups.backup(second, 0));
        assertThat(firstLock.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    }

    @Test
    void shortNamesKeepThePlainSuffix() {
        assertThat(TargetPaths.withSuffix(DIRECTORY.resolve("tasks.json"), ".lock"))
                .isEqualTo(DIRECTORY.resolve("tasks.json.lock"));
    }

    @Test
    void contextAddedToATransientErrorDoesNotMakeItPermanent() {
        // "numberOfSessions" contains "erofs": only the original reason may be classified.
        Path target = DIRECTORY.resolve("numberOfSessions.json");
        IOException described = IoErrors.describe(new IOException("Input/output error"),
                DIRECTORY.resolve(".numberOfSessions.json.tmp"), "writing the temp file for", target, true);

        assertThat(described.getMessage()).contains(target.toString());
        assertThat(TransientIoClassifier.forCurrentOs().isTransient(described)).isTrue();
    }

    @Test
    void contextAddedToADiskFullErrorKeepsItPermanent() {
        IOException described = IoErrors.describe(new IOException("No space left on device"),
                DIRECTORY.resolve(".a.tmp"), "writing the temp file for", DIRECTORY.resolve("a"), true);

        assertThat(TransientIoClassifier.forCurrentOs().isTransient(described)).isFalse();
    }
}
