package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.retry.TransientIoClassifier;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.UnmappableCharacterException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TransientIoClassifierTest {

    private static final TransientIoClassifier LINUX = TransientIoClassifier.forOs(false);
    private static final TransientIoClassifier WINDOWS = TransientIoClassifier.forOs(true);

    /** A caller's own IO failure type, unknown to the classifier. */
    static final class FlakyShareException extends IOException {
        private static final long serialVersionUID = 1L;

        FlakyShareException(String message) {
            super(message);
        }

        FlakyShareException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static Stream<Named<Throwable>> permanentTypes() {
        return Stream.of(
                named("NoSuchFileException", new NoSuchFileException("/data/tasks.json")),
                named("FileNotFoundException", new FileNotFoundException("/data/tasks.json")),
                named("FileAlreadyExistsException", new FileAlreadyExistsException("/data/tasks.json")),
                named("NotDirectoryException", new NotDirectoryException("/data/tasks.json")),
                named("DirectoryNotEmptyException", new DirectoryNotEmptyException("/data")),
                named("NotLinkException", new NotLinkException("/data/link")),
                named("FileSystemLoopException", new FileSystemLoopException("/data/loop")),
                named("CharacterCodingException", new CharacterCodingException()),
                named("MalformedInputException", new MalformedInputException(3)),
                named("UnmappableCharacterException", new UnmappableCharacterException(2)),
                named("InterruptedIOException", new InterruptedIOException("interrupted")),
                named("ClosedByInterruptException", new ClosedByInterruptException()),
                named("FileCorruptionException", new FileCorruptionException(Path.of("/data/tasks.json"), List.of(),
                        new IOException("Unexpected end of input"))));
    }

    @ParameterizedTest
    @MethodSource("permanentTypes")
    void permanentTypesAreNotTransientOnAnyOs(Throwable failure) {
        assertThat(LINUX.isTransient(failure)).isFalse();
        assertThat(WINDOWS.isTransient(failure)).isFalse();
    }

    @Test
    void accessDeniedIsPermanentOutsideWindows() {
        assertThat(LINUX.isTransient(new AccessDeniedException("/data/tasks.json"))).isFalse();
    }

    @Test
    void accessDeniedIsTransientOnWindowsWhereItMeansASharingViolation() {
        assertThat(WINDOWS.isTransient(new AccessDeniedException("C:\\data\\tasks.json"))).isTrue();
    }

    @Test
    void currentOsClassifierFollowsTheRulesOfThisOs() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Assumptions.assumeFalse(windows, "this check of the non-Windows rule needs a non-Windows JVM");

        assertThat(TransientIoClassifier.forCurrentOs().isTransient(new AccessDeniedException("/data/tasks.json")))
                .isFalse();
    }

    static Stream<Named<Throwable>> permanentReasons() {
        return Stream.of(
                named("plain IOException: no space", new IOException("No space left on device")),
                named("FileSystemException: read-only", new FileSystemException("/data/tasks.json", null,
                        "Read-only file system")),
                named("quota", new IOException("Disk quota exceeded")),
                named("file too large", new IOException("File too large")),
                named("Windows disk full", new IOException("There is not enough space on the disk")),
                named("errno name", new IOException("write failed: ENOSPC")),
                named("upper case", new IOException("NO SPACE LEFT ON DEVICE")),
                named("transient wrapper, disk-full cause", new IOException("flush of /data/tasks.json failed",
                        new IOException("No space left on device"))),
                named("quota two causes deep", new FlakyShareException("commit failed", new IOException("close failed",
                        new FileSystemException("/data", null, "Disk quota exceeded")))));
    }

    @ParameterizedTest
    @MethodSource("permanentReasons")
    void diskFullQuotaReadOnlyAndTooLargeArePermanent(Throwable failure) {
        assertThat(LINUX.isTransient(failure)).isFalse();
        assertThat(WINDOWS.isTransient(failure)).isFalse();
        assertThat(TransientIoClassifier.hasPermanentReason(failure)).isTrue();
    }

    static Stream<Named<Throwable>> transientFailures() {
        return Stream.of(
                named("resource temporarily unavailable", new IOException("Resource temporarily unavailable")),
                named("busy file system entry", new FileSystemException("/data/tasks.json", null,
                        "Device or resource busy")),
                named("sharing violation", new FileSystemException("C:\\data\\tasks.json", null,
                        "The process cannot access the file because it is being used by another process")),
                named("lock timeout", new FileLockTimeoutException(Path.of("/data/tasks.json"),
                        Path.of("/data/tasks.json.lock"), LockMode.EXCLUSIVE, Duration.ofSeconds(10), "another process")),
                named("caller's own IOException subclass", new FlakyShareException("share went away")),
                named("IOException without message", new IOException()),
                named("stale NFS handle", new IOException("Stale file handle",
                        new IOException("Connection reset by peer"))));
    }

    @ParameterizedTest
    @MethodSource("transientFailures")
    void otherIoFailuresAreTransient(Throwable failure) {
        assertThat(LINUX.isTransient(failure)).isTrue();
        assertThat(WINDOWS.isTransient(failure)).isTrue();
    }

    static Stream<Named<Throwable>> notIoFailures() {
        return Stream.of(
                named("RuntimeException", new RuntimeException("Resource temporarily unavailable")),
                named("IllegalStateException", new IllegalStateException("busy")),
                // Not one of the wrappers libraries throw: whoever threw it chose what the IO error means.
                named("RuntimeException around a transient IOException",
                        new RuntimeException(new IOException("Resource temporarily unavailable"))),
                named("Error", new Error("Resource temporarily unavailable")),
                named("checked non-IO exception", new Exception("busy")));
    }

    @ParameterizedTest
    @MethodSource("notIoFailures")
    void failuresThatAreNotIoExceptionsAreNeverTransient(Throwable failure) {
        assertThat(LINUX.isTransient(failure)).isFalse();
        assertThat(WINDOWS.isTransient(failure)).isFalse();
    }

    static Stream<Named<Throwable>> transientFailuresOnOddlyNamedFiles() {
        return Stream.of(
                named("busy entry under /srv/erofs-mirror", new FileSystemException(
                        "/srv/erofs-mirror/efbig-report.json", null, "Device or resource busy")),
                named("lock timeout on /srv/enospc-drill", new FileLockTimeoutException(
                        Path.of("/srv/enospc-drill/tasks.json"), Path.of("/srv/enospc-drill/tasks.json.lock"),
                        LockMode.SHARED, Duration.ofSeconds(1), "another process")),
                // A plain IOException has no reason apart from its message, which may quote a path.
                named("plain IOException quoting /srv/keeperman", new java.io.IOException(
                        "Connection reset while reading /srv/keeperman/tasks.json")),
                named("plain IOException quoting /srv/eperm-logs", new java.io.IOException(
                        "Connection reset while reading /srv/eperm-logs/enotdir.json")));
    }

    @ParameterizedTest
    @MethodSource("transientFailuresOnOddlyNamedFiles")
    void aFileNameThatContainsAReasonWordDoesNotMakeAFailurePermanent(Throwable failure) {
        // The reason decides, not the file's name: a path is the user's choice and says nothing about the error.
        assertThat(LINUX.isTransient(failure)).as(failure.getMessage()).isTrue();
    }

    @Test
    void cyclicCauseChainIsClassifiedWithoutLooping() {
        IOException first = new IOException("Resource temporarily unavailable");
        IOException second = new IOException("retry later", first);
        first.initCause(second);

        assertThat(LINUX.isTransient(first)).isTrue();
        assertThat(TransientIoClassifier.hasPermanentReason(first)).isFalse();
    }
}
