package dev.fleetdiff.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The warnings one class logs while a test runs, so that the test can assert them; close it to stop capturing. */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level before;

    private LogCapture(Class<?> source) {
        logger = (Logger) LoggerFactory.getLogger(source);
        before = logger.getLevel();
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts capturing what {@code source} logs. */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    /** Starts capturing what {@code source} logs, INFO lines included (as with {@code -v}). */
    public static LogCapture ofInfo(Class<?> source) {
        LogCapture capture = new LogCapture(source);
        capture.logger.setLevel(Level.INFO);
        return capture;
    }

    /** The formatted messages logged at INFO, in order. */
    public List<String> infos() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The formatted messages logged at WARN or above, in order. */
    public List<String> warnings() {
        return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(before);
        appender.stop();
    }
}
