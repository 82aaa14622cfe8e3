package dev.fleetdiff.log;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.Converter;
import dev.fleetdiff.text.ShownText;
import java.util.List;

/**
 * Logback's pattern layout with every log line made safe for a terminal and a log file: the message is one line
 * ({@code %msg}), an exception's messages are one line each ({@code %ex}), and the whole entry (thread, logger, MDC
 * ...) is shown as multi-line text, so a host's ESC, CR, LF, bidi or invalid bytes neither reach the terminal nor
 * start a line of their own.
 */
public final class LogbackLayout extends PatternLayout {
    private static final List<String> MESSAGE_WORDS = List.of("m", "msg", "message");
    private static final List<String> THROWABLE_WORDS = List.of("ex", "exception", "throwable");

    public LogbackLayout() {
        MESSAGE_WORDS.forEach(word -> getInstanceConverterMap().put(word, LogbackMessageConverter::new));
        THROWABLE_WORDS.forEach(word -> getInstanceConverterMap().put(word, LogbackThrowableConverter::new));
        setPostCompileProcessor(LogbackLayout::printExceptions);
    }

    /** Like Logback's own default: a pattern without {@code %ex} still prints exceptions, but through ours. */
    private static void printExceptions(Context context, Converter<ILoggingEvent> head) {
        if (head == null) {
            return;
        }
        Converter<ILoggingEvent> tail = head;
        for (Converter<ILoggingEvent> c = head; c != null; c = c.getNext()) {
            if (c instanceof ThrowableHandlingConverter) {
                return;
            }
            tail = c;
        }
        LogbackThrowableConverter exceptions = new LogbackThrowableConverter();
        exceptions.setContext(context);
        exceptions.start();
        tail.setNext(exceptions);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String entry = super.doLayout(event);
        if (CoreConstants.LINE_SEPARATOR.equals("\n")) {
            return ShownText.text(entry);
        }
        return ShownText.text(entry.replace(CoreConstants.LINE_SEPARATOR, "\n")).replace("\n", CoreConstants.LINE_SEPARATOR);
    }
}
