package dev.resilientio.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.conformance.fixtures.FieldTargetStore;
import dev.resilientio.conformance.fixtures.FixedPathStore;
import dev.resilientio.conformance.fixtures.MethodTargetStore;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.retry.FileRetry;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Methods without a file parameter: the file comes from the annotation's {@code path} with a
 * placeholder (rule 2), or from a {@code @TargetFile} field or no-argument method (rule 4).
 */
class TargetRuleTest {

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @RegisterExtension
    final InjectedTime time = new InjectedTime();

    @RegisterExtension
    final LogCapture retryLog = LogCapture.of(FileRetry.class);

    @TempDir
    Path dir;

    @Test
    void pathAttributeWithAPlaceholderNamesTheLockedFile() throws IOException {
        config.set(FixedPathStore.DIRECTORY_PROPERTY, dir.toString());
        Path journal = dir.resolve(FixedPathStore.FILE_NAME);
        FixedPathStore store = new FixedPathStore();
        List<Boolean> heldDuringBody = new ArrayList<>();
        store.duringBody = () -> heldDuringBody.add(LockProbe.isHeld(journal));

        store.append("first");
        store.append("second");

        assertThat(heldDuringBody).as("lock on %s held during the body under %s", journal, WeavingMode.name())
                .containsExactly(true, true);
        assertThat(journal).hasContent("first\nsecond");
        assertThat(FileLocks.lockFileFor(journal)).exists();
        assertThat(LockProbe.isHeld(journal)).as("held after the call").isFalse();
    }

    @Test
    void targetFileFieldNamesTheLockedAndRetriedFile() throws IOException {
        Path file = dir.resolve("store.txt");
        FieldTargetStore store = new FieldTargetStore(file);
        List<Boolean> heldDuringBody = new ArrayList<>();
        store.duringBody = () -> heldDuringBody.add(LockProbe.isHeld(file));
        store.failures.thenFailTimes(1);

        store.save("saved");

        assertThat(heldDuringBody).as("lock on the field's file held during each attempt under %s",
                WeavingMode.name()).containsExactly(true, true);
        assertThat(file).hasContent("saved");
        assertThat(retryLog.warnings()).singleElement().asString()
                .contains("FieldTargetStore.save").contains(file.toString());
    }

    @Test
    void targetFileMethodNamesTheLockedAndRetriedFile() throws IOException {
        Path file = Files.writeString(dir.resolve("settings.txt"), "mode=fast");
        MethodTargetStore store = new MethodTargetStore(dir.toFile());
        List<Boolean> heldDuringBody = new ArrayList<>();
        store.duringBody = () -> heldDuringBody.add(LockProbe.isHeld(file));
        store.failures.thenFailTimes(1);

        String content = store.read();

        assertThat(content).isEqualTo("mode=fast");
        assertThat(heldDuringBody).as("lock on the method's file held during each attempt under %s",
                WeavingMode.name()).containsExactly(true, true);
        assertThat(FileLocks.lockFileFor(file)).exists();
        assertThat(retryLog.warnings()).singleElement().asString()
                .contains("MethodTargetStore.read").contains(file.toString());
    }
}
