package dev.fleetdiff.log;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.fleetdiff.text.ShownText;
import java.util.Arrays;

/** An exception as Logback prints it, with its message, class name, causes and suppressed ones made safe lines. */
record ShownThrowable(IThrowableProxy raw) implements IThrowableProxy {
    @Override
    public String getMessage() {
        return raw.getMessage() == null ? null : ShownText.line(raw.getMessage());
    }

    @Override
    public String getClassName() {
        return ShownText.line(raw.getClassName());
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
        return raw.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
        return raw.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
        return raw.getCause() == null ? null : new ShownThrowable(raw.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
        IThrowableProxy[] suppressed = raw.getSuppressed();
        return suppressed == null ? null
                : Arrays.stream(suppressed).map(ShownThrowable::new).toArray(IThrowableProxy[]::new);
    }

    @Override
    public boolean isCyclic() {
        return raw.isCyclic();
    }
}
