package dev.resilientio.conformance.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.resilientio.core.FileCorruptionException;
import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.core.testsupport.LogCapture;
import dev.resilientio.core.testsupport.SystemConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the JSON helpers promise, whichever Jackson generation they run on: the resilient-io-json
 * and resilient-io-json-jackson2 modules each run it on their {@code ResilientJson}'s static
 * methods, by extending it with the four calls.
 */
public abstract class JsonHelpersContract {

    /** Cut in the middle, as a torn write would leave it. */
    private static final String TORN = "{\"value\": 3, \"tru";

    @TempDir
    Path temp;

    @RegisterExtension
    final SystemConfig config = new SystemConfig();

    @RegisterExtension
    final LogCapture engineLog = LogCapture.named("dev.resilientio");

    private Path file;
    private Path backup;
    private Path backup1;

    /** A value no Jackson can write: reading its only property throws. */
    public static final class Unwritable {

        /**
         * Throws, as a broken getter would.
         *
         * @return never
         */
        public String getState() {
            throw new IllegalStateException("this value cannot be written");
        }
    }

    /** A document whose content may be any value, an {@link Unwritable} one included. */
    public static final class Box {

        /** The content. */
        public Object content;

        /** Creates an empty box, for Jackson. */
        public Box() {
        }

        static Box of(Object content) {
            Box box = new Box();
            box.content = content;
            return box;
        }
    }

    /**
     * {@code readJson(file, type)} of the helpers under test.
     *
     * @param file the file
     * @param type the value's class
     * @param <T> the value type
     * @return the value
     * @throws IOException as the helper throws it
     */
    protected abstract <T> T readJson(Path file, Class<T> type) throws IOException;

    /**
     * {@code readJson(file, type, defaultValue)} of the helpers under test.
     *
     * @param file the file
     * @param type the value's class
     * @param defaultValue the value when the file does not exist
     * @param <T> the value type
     * @return the value
     * @throws IOException as the helper throws it
     */
    protected abstract <T> T readJson(Path file, Class<T> type, T defaultValue) throws IOException;

    /**
     * {@code writeJson(file, value)} of the helpers under test.
     *
     * @param file the file
     * @param value the value
     * @throws IOException as the helper throws it
     */
    protected abstract void writeJson(Path file, Object value) throws IOException;

    /**
     * {@code updateJson(file, type, initial, change)} of the helpers under test.
     *
     * @param file the file
     * @param type the value's class
     * @param initial the value when the file does not exist
     * @param change the change
     * @param <T> the value type
     * @return the new value
     * @throws IOException as the helper throws it
     */
    protected abstract <T> T updateJson(Path file, Class<T> type, T initial, UnaryOperator<T> change) throws IOException;

    @BeforeEach
    public void namePaths() throws IOException {
        Path dir = temp.toRealPath();
        file = dir.resolve("counter.json");
        backup = dir.resolve("counter.json.backup");
        backup1 = dir.resolve("counter.json.backup.1");
    }

    @Test
    public void aWrittenValueReadsBackFromIndentedJson() throws IOException {
        writeJson(file, new Counter(7));

        assertThat(readJson(file, Counter.class)).isEqualTo(new Counter(7));
        assertThat(file).as("written by the default mapper, which indents").hasContent("{\n  \"value\" : 7\n}");
        assertThat(engineLog.warnings()).isEmpty();
    }

    @Test
    public void aMissingFileGivesTheDefaultOrNoSuchFile() throws IOException {
        Counter fallback = new Counter(-1);

        Counter read = readJson(file, Counter.class, fallback);

        assertThat(read).isSameAs(fallback);
        assertThatThrownBy(() -> readJson(file, Counter.class)).isInstanceOf(NoSuchFileException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    public void jsonNullIsCorruptContent() throws IOException {
        Files.writeString(file, "null");

        FileCorruptionException failure = catchThrowableOfType(FileCorruptionException.class,
                () -> readJson(file, Counter.class));

        assertThat(failure).as("a file holding JSON null").isNotNull();
        assertThat(failure.file()).isEqualTo(file);
        assertThat(failure.getCause()).hasMessageContaining("null");
        assertThat(catchThrowable(() -> readJson(file, Counter.class, new Counter(0))))
                .as("the default is for a missing file only").isInstanceOf(FileCorruptionException.class);
    }

    @Test
    public void aCorruptFileIsReadFromTheNewestValidBackupWithOneWarning() throws IOException {
        writeThreeVersions();
        Files.writeString(file, TORN);

        Counter recovered = readJson(file, Counter.class);

        assertThat(recovered).isEqualTo(new Counter(2));
        assertThat(engineLog.warnings()).as("WARN lines: the recovery, and no retry").singleElement().asString()
                .contains(file.toString()).contains("recovered its content from the backup " + backup);
    }

    @Test
    public void aFileOfJsonNullAndACorruptNewestBackupFallBackToTheOlderOne() throws IOException {
        writeThreeVersions();
        Files.writeString(file, "null");
        Files.writeString(backup, "not json at all");

        assertThat(readJson(file, Counter.class)).isEqualTo(new Counter(1));
        assertThat(engineLog.warnings()).singleElement().asString().contains(backup1.toString());
    }

    @Test
    public void everyCopyCorruptFailsOnceWithFileCorruption() throws IOException {
        writeThreeVersions();
        Files.writeString(file, TORN);
        Files.writeString(backup, "");
        Files.writeString(backup1, "null");

        FileCorruptionException failure = catchThrowableOfType(FileCorruptionException.class,
                () -> readJson(file, Counter.class));

        assertThat(failure).isNotNull();
        assertThat(failure.file()).isEqualTo(file);
        assertThat(failure.triedBackups()).containsExactly(backup, backup1);
        assertThat(failure.getMessage()).contains(file.toString(), backup.toString(), backup1.toString());
        assertThat(failure.getCause()).as("the file's own parse failure").isNotNull();
        assertThat(failure.getSuppressed()).as("the backups' failures").hasSize(2);
        assertThat(engineLog.warnings()).as("WARN lines: corruption is not retried").isEmpty();
    }

    @Test
    public void anUpdateOfACorruptFileContinuesFromTheBackupWithoutRotatingTheCorruptFile() throws IOException {
        writeThreeVersions();
        Files.writeString(file, TORN);

        Counter updated = updateJson(file, Counter.class, new Counter(0), counter -> counter.plus(10));

        assertThat(updated).isEqualTo(new Counter(12));
        assertThat(readJson(file, Counter.class)).isEqualTo(new Counter(12));
        assertThat(readJson(backup, Counter.class)).as("the newest backup, kept").isEqualTo(new Counter(2));
        assertThat(readJson(backup1, Counter.class)).as("the older backup, kept").isEqualTo(new Counter(1));
    }

    @Test
    public void anUpdateOfAMissingFileChangesTheInitialValue() throws IOException {
        Counter updated = updateJson(file, Counter.class, new Counter(5), Counter::increment);

        assertThat(updated).isEqualTo(new Counter(6));
        assertThat(readJson(file, Counter.class)).isEqualTo(new Counter(6));
    }

    @Test
    public void updatesFromFourThreadsLoseNoIncrement() throws Exception {
        int threads = 4;
        int increments = 50;
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                        updateJson(file, Counter.class, new Counter(0), Counter::increment);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "updater-" + t);
            worker.start();
            workers.add(worker);
        }

        start.countDown();
        for (Thread worker : workers) {
            worker.join(120_000);
            assertThat(worker.isAlive()).as("%s still running after 2 minutes", worker.getName()).isFalse();
        }

        assertThat(failures).as("exceptions from updateJson").isEmpty();
        assertThat(readJson(file, Counter.class)).isEqualTo(new Counter(threads * increments));
    }

    @Test
    public void aValueThatCannotBeWrittenFailsBeforeTheFileOrItsLockIsTouched() throws IOException {
        Throwable failure = catchThrowable(() -> writeJson(file, new Unwritable()));

        assertThat(failure).as("writeJson of a value Jackson cannot write").isNotNull()
                .hasStackTraceContaining("this value cannot be written");
        assertThat(file).doesNotExist();
        assertThat(file.resolveSibling("counter.json.lock")).as("lock file: serialised before the lock").doesNotExist();
    }

    @Test
    public void anUpdateToAValueThatCannotBeWrittenFailsOnceAndChangesNothing() throws IOException {
        writeJson(file, Box.of(1));
        config.set("resilientio.retry.max-attempts", "5");
        config.set("resilientio.retry.initial-delay", "1ms");
        int[] changes = {0};

        Throwable failure = catchThrowable(() -> updateJson(file, Box.class, Box.of(0), box -> {
            changes[0]++;
            return Box.of(new Unwritable());
        }));

        assertThat(failure).as("updateJson to a value Jackson cannot write").isNotNull()
                .isNotInstanceOf(FileCorruptionException.class)
                .hasStackTraceContaining("this value cannot be written");
        assertThat(changes[0]).as("runs of the change: no retry").isEqualTo(1);
        assertThat(engineLog.warnings()).as("WARN lines").isEmpty();
        assertThat(readJson(file, Box.class).content).isEqualTo(1);
    }

    @Test
    public void eachCallTakesItsSettingsFromItsOwnOperationName() throws IOException {
        writeJson(file, new Counter(1));

        for (String operation : List.of("readJson", "writeJson", "updateJson")) {
            String key = "resilientio.ResilientJson." + operation + ".retry.max-attempts";
            config.set(key, "0");

            List<Throwable> failures = new ArrayList<>();
            failures.add(catchThrowable(() -> readJson(file, Counter.class)));
            failures.add(catchThrowable(() -> writeJson(file, new Counter(2))));
            failures.add(catchThrowable(() -> updateJson(file, Counter.class, new Counter(0), Counter::increment)));

            assertThat(failures).as("failures of readJson, writeJson, updateJson with %s=0", key)
                    .filteredOn(ResilientIoConfigException.class::isInstance).singleElement().asString().contains(key);
            assertThat(failures.get(List.of("readJson", "writeJson", "updateJson").indexOf(operation)))
                    .as("the call that %s configures", key).isInstanceOf(ResilientIoConfigException.class);
            config.clear(key);
        }
    }

    /** Three versions with two backups, and retries that would show: five attempts, 1 ms apart. */
    private void writeThreeVersions() throws IOException {
        config.set("resilientio.atomic.backups", "2");
        config.set("resilientio.retry.max-attempts", "5");
        config.set("resilientio.retry.initial-delay", "1ms");
        for (int version = 1; version <= 3; version++) {
            writeJson(file, new Counter(version));
        }
    }
}
