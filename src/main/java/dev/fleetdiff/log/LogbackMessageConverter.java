package dev.fleetdiff.log;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.fleetdiff.text.ShownText;

/** {@code %msg} as one safe line: a newline in a message (from a host, say) cannot start a fake log line. */
final class LogbackMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return ShownText.line(super.convert(event));
    }
}
