package dev.resilientio.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.Durability;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.testsupport.EventRecorder;
import dev.resilientio.core.testsupport.Woven;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit's event from real atomic writes: its size and the times of its steps. */
class AtomicCommitEventTest {

    private static final String CONTENT = "{\"titles\":[\"write the README\"]}";

    @TempDir
    Path dir;

    private EventRecorder events;
    private Path file;

    @BeforeEach
    void observe() throws IOException {
        events = EventRecorder.under(dir);
        file = dir.toRealPath().resolve("tasks.json");
        Files.writeString(file, "[]");
    }

    @AfterEach
    void stop() {
        events.close();
    }

    private static void assertDurable(AtomicWriteCommitted committed) {
        assertThat(committed.fsync()).as("the temp's sync").isPositive();
        assertThat(committed.directoryFsync()).as("the directory's sync").isPositive();
        assertThat(committed.rename()).isPositive();
        assertThat(committed.write().isNegative()).as("the write's time is never negative").isFalse();
        assertThat(committed.total()).as("total against the sum of the parts").isGreaterThanOrEqualTo(committed.write()
                .plus(committed.fsync()).plus(committed.rename()).plus(committed.directoryFsync()));
    }

    @Test
    void aDurableWriteOfTheEnginesBytesReportsTheirSizeAndEachStep() throws IOException {
        ResilientFiles.writeText(file, CONTENT);

        assertThat(events.of(AtomicWriteCommitted.class)).singleElement().satisfies(committed -> {
            assertThat(committed.operation()).isEqualTo("ResilientFiles.writeText");
            assertThat(committed.target()).isEqualTo(file);
            assertThat(committed.bytes()).isEqualTo(CONTENT.getBytes(StandardCharsets.UTF_8).length);
            assertDurable(committed);
        });
        assertThat(events.sequence()).as("the lock before the commit, the call's end last")
                .containsExactly("LockAcquired", "AtomicWriteCommitted", "CallCompleted");
    }

    @Test
    void aWriteWithoutDurabilitySpendsNoTimeSyncing() throws IOException {
        FileOperation write = FileOperation.named("Events.write",
                ResilientIoConfig.from(Map.of(), Map.of("resilientio.atomic.durability", "none")));

        write.write(file, CONTENT.getBytes(StandardCharsets.UTF_8));

        assertThat(events.of(AtomicWriteCommitted.class)).singleElement().satisfies(committed -> {
            assertThat(committed.fsync()).isEqualTo(Duration.ZERO);
            assertThat(committed.directoryFsync()).isEqualTo(Duration.ZERO);
            assertThat(committed.rename()).isPositive();
            assertThat(committed.total()).isGreaterThanOrEqualTo(committed.write().plus(committed.rename()));
        });
        assertThat(file).hasContent(CONTENT);
    }

    static class Store {
        Path source;

        @AtomicWrite
        void save(Path file) throws IOException {
            Files.writeString(file, CONTENT);
        }

        @AtomicWrite(durability = Durability.NONE)
        void saveQuickly(Path file) throws IOException {
            Files.writeString(file, CONTENT);
        }

        /** Puts a file of its own in the temp's place, as {@code Files.copy(.., REPLACE_EXISTING)} does. */
        @AtomicWrite
        void copy(Path file) throws IOException {
            Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aBodyThatWritesTheTempReportsTheSizeItWrote() throws Throwable {
        Woven.call(new Store(), "save", file);

        assertThat(events.of(AtomicWriteCommitted.class)).singleElement().satisfies(committed -> {
            assertThat(committed.operation()).isEqualTo("Store.save");
            assertThat(committed.target()).isEqualTo(file);
            assertThat(committed.bytes()).isEqualTo(CONTENT.length());
            assertDurable(committed);
        });
        assertThat(events.sequence()).containsExactly("AtomicWriteCommitted", "CallCompleted");
    }

    @Test
    void aBodyWithoutDurabilitySpendsNoTimeSyncing() throws Throwable {
        Woven.call(new Store(), "saveQuickly", file);

        assertThat(events.of(AtomicWriteCommitted.class)).singleElement().satisfies(committed -> {
            assertThat(committed.bytes()).isEqualTo(CONTENT.length());
            assertThat(committed.fsync()).isEqualTo(Duration.ZERO);
            assertThat(committed.directoryFsync()).isEqualTo(Duration.ZERO);
        });
    }

    @Test
    void aBodyThatPutsItsOwnFileInTheTempsPlaceReportsThatFilesSize() throws Throwable {
        Store store = new Store();
        store.source = Files.writeString(dir.resolve("source.json"), CONTENT + CONTENT);

        Woven.call(store, "copy", file);

        assertThat(file).hasContent(CONTENT + CONTENT);
        assertThat(events.of(AtomicWriteCommitted.class)).singleElement()
                .satisfies(committed -> assertThat(committed.bytes()).isEqualTo(2L * CONTENT.length()));
    }

    @Test
    void theAtomicWriteCallReportsItsCommitAndOneAttempt() throws IOException {
        ResilientFiles.atomicWrite(file, temp -> Files.writeString(temp, CONTENT));

        assertThat(events.sequence()).containsExactly("AtomicWriteCommitted", "CallCompleted");
        assertThat(events.of(CallCompleted.class)).singleElement().satisfies(done -> {
            assertThat(done.operation()).isEqualTo("ResilientFiles.atomicWrite");
            assertThat(done.outcome()).isEqualTo(CallCompleted.Outcome.SUCCESS);
            assertThat(done.attempts()).isEqualTo(1);
        });
    }

    /**
     * A write that began while nobody observed has no start time for its steps: observed from its
     * middle on, it publishes nothing rather than a commit timed from half-way.
     */
    @Test
    void aWriteObservedOnlyFromItsMiddlePublishesNoHalfTimedEvent() throws IOException {
        events.close();
        assertThat(Events.on()).as("no listener, no recording").isFalse();
        EventRecorder[] late = new EventRecorder[1];
        try {
            ResilientFiles.atomicWrite(file, temp -> {
                late[0] = EventRecorder.under(dir);
                Files.writeString(temp, CONTENT);
            });
            ResilientFiles.atomicWrite(file, temp -> Files.writeString(temp, CONTENT + "!"));
        } finally {
            late[0].close();
        }

        assertThat(file).hasContent(CONTENT + "!");
        assertThat(late[0].sequence()).as("the next write, observed whole, is reported whole")
                .containsExactly("AtomicWriteCommitted", "CallCompleted");
        assertThat(late[0].of(AtomicWriteCommitted.class)).singleElement()
                .satisfies(committed -> assertThat(committed.bytes()).isEqualTo(CONTENT.length() + 1));
    }
}
