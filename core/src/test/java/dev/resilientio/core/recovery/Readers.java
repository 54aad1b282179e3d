package dev.resilientio.core.recovery;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.LockMode;
import dev.resilientio.annotations.RecoverFromBackup;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.annotations.TargetFile;
import dev.resilientio.core.testsupport.Records;
import dev.resilientio.core.testsupport.Woven;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Annotated readers, called through the engine by {@link Woven}; each records the files it was given and what it threw. */
class Readers {

    private static final tools.jackson.databind.json.JsonMapper JACKSON_3 = tools.jackson.databind.json.JsonMapper.builder().build();
    private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON_2 = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A document that parses but that the reader's own validation rejects. */
    static final class InvalidDocumentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidDocumentException(String message) {
            super(message);
        }
    }

    final List<Path> given = new ArrayList<>();
    final List<Throwable> thrown = new ArrayList<>();
    /** Runs inside the body while it reads a backup, to look at locks and state from there. */
    Runnable whileReadingBackup = () -> { };
    /** Reads of a backup that fail as a busy share would, before the reads work. */
    int busyBackupReads;

    @RecoverFromBackup
    byte[] readRecord(Path file) throws IOException {
        return record(() -> Records.read(file), file);
    }

    @RecoverFromBackup
    Map<?, ?> loadJackson3(File file) throws IOException {
        return record(() -> JACKSON_3.readValue(file, Map.class), file.toPath());
    }

    @RecoverFromBackup
    @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", jitter = 0)
    Map<?, ?> loadJackson2Retrying(Path file) throws IOException {
        return record(() -> JACKSON_2.readValue(file.toFile(), Map.class), file);
    }

    @RecoverFromBackup
    @RetryFileOperation(maxAttempts = 2, initialDelay = "1ms", jitter = 0)
    byte[] readRecordRetrying(Path file) throws IOException {
        return record(() -> Records.read(file), file);
    }

    @RecoverFromBackup(on = InvalidDocumentException.class)
    Map<?, ?> loadValidated(Path file) throws IOException {
        return record(() -> validated(JACKSON_2.readValue(file.toFile(), Map.class)), file);
    }

    @RecoverFromBackup
    Map<?, ?> loadValidatedWithoutOn(Path file) throws IOException {
        return record(() -> validated(JACKSON_2.readValue(file.toFile(), Map.class)), file);
    }

    @RecoverFromBackup
    @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", jitter = 0)
    String readTextRetrying(@TargetFile String file) throws IOException {
        return record(() -> Files.readString(Path.of(file)), Path.of(file));
    }

    @RecoverFromBackup(restore = true)
    String readRestoring(Path file) throws IOException {
        return record(() -> Files.readString(file), file);
    }

    @RecoverFromBackup(restore = true)
    @FileLocked(mode = LockMode.EXCLUSIVE, timeout = "100ms")
    String readRestoringLocked(Path file) throws IOException {
        return record(() -> Files.readString(file), file);
    }

    @RecoverFromBackup(restore = true)
    @FileLocked(mode = LockMode.SHARED)
    String restoreUnderSharedLock(Path file) throws IOException {
        return Files.readString(file);
    }

    @RecoverFromBackup
    @AtomicWrite
    void readAndWrite(Path file) throws IOException {
        Files.writeString(file, "x");
    }

    @RecoverFromBackup
    String nothingToRedirect(String text) {
        return text;
    }

    private static Map<?, ?> validated(Map<?, ?> document) {
        if (!(document.get("version") instanceof Integer)) {
            throw new InvalidDocumentException("no version in " + document);
        }
        return document;
    }

    private interface Read<T> {
        T read() throws IOException;
    }

    private <T> T record(Read<T> read, Path file) throws IOException {
        given.add(file);
        if (!file.equals(given.get(0))) {
            whileReadingBackup.run();
            if (busyBackupReads > 0) {
                busyBackupReads--;
                IOException busy = new IOException("Resource temporarily unavailable: " + file);
                thrown.add(busy);
                throw busy;
            }
        }
        try {
            return read.read();
        } catch (IOException | RuntimeException e) {
            thrown.add(e);
            throw e;
        }
    }
}
