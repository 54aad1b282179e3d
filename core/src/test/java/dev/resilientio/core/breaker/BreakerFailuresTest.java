package dev.resilientio.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.FileCorruptionException;
import dev.resilientio.core.FileLockTimeoutException;
import dev.resilientio.core.retry.TransientIoClassifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which failures say the place is unwell, on either operating system's rules. */
class BreakerFailuresTest {

    private final BreakerFailures linux = new BreakerFailures(TransientIoClassifier.forOs(false));
    private final BreakerFailures windows = new BreakerFailures(TransientIoClassifier.forOs(true));

    @Test
    void transientFullAndReadOnlyPlacesCountAlsoWhenWrapped() {
        assertThat(linux.counts(new IOException("Stale file handle"))).isTrue();
        assertThat(linux.counts(new FileSystemException("/srv/a", null, "No space left on device"))).isTrue();
        assertThat(linux.counts(new FileSystemException("/srv/a", null, "Read-only file system"))).isTrue();
        assertThat(linux.counts(new IOException("write failed: EROFS"))).isTrue();
        assertThat(linux.counts(new UncheckedIOException(new IOException("Stale file handle")))).isTrue();
        assertThat(linux.counts(new java.util.concurrent.CompletionException(
                new UncheckedIOException(new FileSystemException("/srv/a", null, "Disk quota exceeded"))))).isTrue();
    }

    @Test
    void requestErrorsContentErrorsLockTimeoutsAndBugsDoNotCount() {
        Path file = Path.of("/srv/a");
        assertThat(linux.counts(new NoSuchFileException("/srv/a"))).isFalse();
        assertThat(linux.counts(new UncheckedIOException(new NoSuchFileException("/srv/a")))).isFalse();
        assertThat(linux.counts(new AccessDeniedException("/srv/a"))).isFalse();
        assertThat(windows.counts(new AccessDeniedException("/srv/a"))).as("transient on Windows, but not unwell").isFalse();
        assertThat(linux.counts(new FileLockTimeoutException(file, file, LockMode.EXCLUSIVE, Duration.ofSeconds(1),
                "another process"))).isFalse();
        assertThat(linux.counts(new FileCorruptionException(file, java.util.List.of(), new IOException("bad content")))).isFalse();
        assertThat(linux.counts(new java.io.EOFException())).isFalse();
        assertThat(linux.counts(new FileCircuitOpenException("inner", Instant.EPOCH, Instant.EPOCH, file, null))).isFalse();
        assertThat(linux.counts(new IllegalStateException("a bug", new IOException("Stale file handle")))).isFalse();
        assertThat(linux.counts(new OutOfMemoryError())).isFalse();
    }

    @Test
    void fullAndReadOnlyAreReadByTheirErrnoAsEverywhereElseAndCorruptContentByItsOneRule() {
        assertThat(windows.counts(new FileSystemException("C:\\data\\a", null, "There is not enough space on the disk")))
                .isTrue();
        assertThat(linux.counts(new IOException("write failed", new FileSystemException("/srv/a", null,
                "Disk quota exceeded")))).as("through the cause").isTrue();
        assertThat(linux.counts(new IOException("EROFS/x"))).as("not an errno standing alone").isFalse();
        assertThat(linux.counts(new java.nio.charset.MalformedInputException(1))).isFalse();
        assertThat(linux.counts(new UncheckedIOException(new java.io.EOFException("cut short")))).isFalse();
    }
}
