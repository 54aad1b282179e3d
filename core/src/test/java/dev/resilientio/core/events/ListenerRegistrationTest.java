package dev.resilientio.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.resilientio.core.ResilientFiles;
import dev.resilientio.core.internal.Events;
import dev.resilientio.core.testsupport.EventRecorder;
import dev.resilientio.core.testsupport.LogCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Registering and removing listeners, and what a listener that throws does to the file operation. */
class ListenerRegistrationTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture eventsLog = LogCapture.of(Events.class);

    private Path file;

    @BeforeEach
    void nobodyObserves() {
        file = dir.resolve("notes.txt");
        assertThat(Events.on()).as("no listener left by another test, no recording").isFalse();
    }

    /** Counts the events of this test's file. */
    private final class Counting implements ResilientIoListener {
        final List<ResilientIoEvent> received = new ArrayList<>();

        @Override
        public synchronized void onEvent(ResilientIoEvent event) {
            if (dir.equals(event.target() == null ? null : event.target().getParent())) {
                received.add(event);
            }
        }
    }

    /** Throws on every event; a new object per test, as the engine remembers by identity whom it logged. */
    private static final class Throwing implements ResilientIoListener {
        final AtomicInteger calls = new AtomicInteger();
        private final String bug;

        Throwing(String bug) {
            this.bug = bug;
        }

        @Override
        public void onEvent(ResilientIoEvent event) {
            calls.incrementAndGet();
            throw new IllegalStateException(bug);
        }
    }

    @Test
    void aClosedRegistrationReceivesNothingMoreAndTurnsTheEventsOff() throws IOException {
        Counting listener = new Counting();
        ResilientIoEvents.Registration registration = ResilientIoEvents.register(listener);
        assertThat(Events.on()).isTrue();
        assertThat(ResilientIoEvents.listeners()).containsExactly(listener);
        ResilientFiles.writeText(file, "one");
        int whileRegistered = listener.received.size();

        registration.close();
        ResilientFiles.writeText(file, "two");

        assertThat(whileRegistered).as("lock, commit, end of call").isEqualTo(3);
        assertThat(listener.received).hasSize(whileRegistered);
        assertThat(Events.on()).as("nobody observes: the sites build nothing").isFalse();
        assertThat(ResilientIoEvents.listeners()).isEmpty();
    }

    @Test
    void oneListenerRegisteredTwiceReceivesEachEventTwiceUntilBothAreClosed() throws IOException {
        Counting listener = new Counting();
        ResilientIoEvents.Registration first = ResilientIoEvents.register(listener);
        ResilientIoEvents.Registration second = ResilientIoEvents.register(listener);
        try {
            ResilientFiles.writeText(file, "one");
            assertThat(listener.received).hasSize(6);
            assertThat(listener.received.get(0)).isSameAs(listener.received.get(1));

            first.close();
            first.close();
            ResilientFiles.writeText(file, "two");

            assertThat(listener.received).as("closing the first twice left the second in place").hasSize(9);
            assertThat(ResilientIoEvents.listeners()).containsExactly(listener);
        } finally {
            second.close();
        }
        assertThat(Events.on()).isFalse();
    }

    @Test
    void aListenerThatThrowsNeverBreaksTheOperationAndIsLoggedOnce() throws IOException {
        Throwing throwing = new Throwing("listener bug");
        ResilientIoEvents.Registration registration = ResilientIoEvents.register(throwing);
        EventRecorder after = EventRecorder.under(dir);
        try {
            ResilientFiles.writeText(file, "one");
            ResilientFiles.writeText(file, "two");
        } finally {
            after.close();
            registration.close();
        }

        assertThat(file).hasContent("two");
        assertThat(throwing.calls).as("it went on receiving every event").hasValue(6);
        assertThat(after.events()).as("a listener registered after it missed nothing").hasSize(6);
        List<ILoggingEvent> warnings = eventsLog.events();
        assertThat(warnings).singleElement().satisfies(warning -> {
            assertThat(warning.getFormattedMessage()).contains(throwing.getClass().getName())
                    .contains("threw on LockAcquired").contains("the file operation went on")
                    .contains("later failures are not logged").contains("listener bug");
            assertThat(warning.getThrowableProxy().getMessage()).isEqualTo("listener bug");
        });
    }

    @Test
    void anotherListenerThatThrowsIsLoggedOnItsOwn() throws IOException {
        ResilientIoEvents.Registration first = ResilientIoEvents.register(new Throwing("first bug"));
        ResilientIoEvents.Registration second = ResilientIoEvents.register(new Throwing("second bug"));
        try {
            ResilientFiles.writeText(file, "one");
        } finally {
            first.close();
            second.close();
        }

        assertThat(eventsLog.warnings()).hasSize(2).anySatisfy(line -> assertThat(line).contains("first bug"))
                .anySatisfy(line -> assertThat(line).contains("second bug"));
    }
}
