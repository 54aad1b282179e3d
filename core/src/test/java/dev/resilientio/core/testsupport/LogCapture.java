package dev.resilientio.core.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures what one logger logs while a test method runs, for tests that assert a WARN line (or its
 * absence). Register it on an instance field:
 * {@code @RegisterExtension final LogCapture retryLog = LogCapture.of(FileRetry.class);}
 *
 * <p>It attaches after the test's {@code @BeforeEach} methods and detaches before its
 * {@code @AfterEach} methods, so what the set-up writes (or logs) is never taken for what the test
 * did. Only events at or above the logger's effective level (WARN in the test configuration) arrive.
 */
public final class LogCapture implements BeforeTestExecutionCallback, AfterTestExecutionCallback {

    private final Logger logger;
    private ListAppender<ILoggingEvent> appender;
    private volatile Consumer<ILoggingEvent> listener = event -> { };

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /**
     * Returns a capture of the logger named after {@code loggerOf}, as the engine's classes get theirs.
     *
     * @param loggerOf the class whose logger to capture
     * @return the capture, to register as an extension
     */
    public static LogCapture of(Class<?> loggerOf) {
        return new LogCapture((Logger) LoggerFactory.getLogger(loggerOf));
    }

    /**
     * Returns a capture of a logger by name, with what its descendants log: {@code "dev.resilientio"}
     * captures every line of the engine, whichever class logs it.
     *
     * @param name the logger name
     * @return the capture, to register as an extension
     */
    public static LogCapture named(String name) {
        return new LogCapture((Logger) LoggerFactory.getLogger(name));
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        // A fresh appender per test, even if one instance served several tests.
        appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                super.append(event);
                listener.accept(event);
            }
        };
        appender.start();
        logger.addAppender(appender);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (appender != null) {
            logger.detachAppender(appender);
            appender.stop();
        }
    }

    /**
     * Returns every event captured so far, in order.
     *
     * @return a copy of the events
     */
    public List<ILoggingEvent> events() {
        if (appender == null) {
            throw new IllegalStateException("nothing captured: the capture only runs during a test method");
        }
        // ListAppender appends under its own monitor (AppenderBase.doAppend is synchronized).
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /**
     * Runs an action on the logging thread as each event is captured, while the code that logs it
     * waits: to look at what that code holds at that moment (a lock, say).
     *
     * @param action what to do with each event
     */
    public void onEvent(Consumer<ILoggingEvent> action) {
        listener = action;
    }

    /**
     * Returns the formatted messages of the WARN events captured so far, in order.
     *
     * @return the messages
     */
    public List<String> warnings() {
        return events().stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
