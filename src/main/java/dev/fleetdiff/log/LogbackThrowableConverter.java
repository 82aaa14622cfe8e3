package dev.fleetdiff.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** {@code %ex} with each exception's message (a host's DISCONNECT text, say) shown as one safe line. */
final class LogbackThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return super.throwableProxyToString(new ShownThrowable(throwable));
    }
}
