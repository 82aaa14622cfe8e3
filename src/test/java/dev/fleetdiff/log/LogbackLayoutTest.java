package dev.fleetdiff.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The real logback.xml at the {@code -v} levels: a message or an exception carrying a host's ESC, CR, LF and a fake
 * log line comes out as one log entry per event, with no escape sequence and no line the host started.
 */
class LogbackLayoutTest {
    /** What a hostile server puts in its DISCONNECT text: clear the screen, end the line, forge a log line. */
    static final String HOSTILE = "bye\u001b[2J\r\n12:00:00.000 INFO  app.Sweep - poll ok web1\u202e\uDB40\uDC01\uDCFF";
    private static final Pattern ENTRY_START = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN|ERROR|DEBUG) .*");

    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aHostileMessageStaysOneSafeLine() throws Exception {
        configureAsWithVerbose();

        context.getLogger("dev.fleetdiff.app.Sweep").info("web1 said: {}", HOSTILE);

        List<String> lines = lines();
        assertThat(lines).singleElement().asString()
                .contains("web1 said: bye?[2J? 12:00:00.000 INFO  app.Sweep - poll ok web1??\\xff");
    }

    @Test
    void theSshLibrarysOwnLoggerAndItsExceptionsAreSanitizedToo() throws Exception {
        configureAsWithVerbose();
        Logger sshj = context.getLogger("net.schmizz.sshj.transport.TransportImpl");

        sshj.info("not shown at -v: {}", HOSTILE);
        sshj.error("Dying because - {}", HOSTILE, new IOException("Disconnected; " + HOSTILE,
                new IllegalStateException(HOSTILE)));

        List<String> lines = lines();
        assertThat(lines.get(0)).matches(ENTRY_START).contains("Dying because - bye?[2J? 12:00:00.000 INFO");
        assertThat(lines).filteredOn(line -> ENTRY_START.matcher(line).matches()).hasSize(1);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("java.io.IOException: Disconnected; bye?[2J?"))
                .anySatisfy(line -> assertThat(line).startsWith("Caused by: java.lang.IllegalStateException: bye?[2J?"));
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotStartWith("12:00:00.000"));
    }

    /** Loads src/main/resources/logback.xml with the levels {@code -v} sets, writing to memory instead of stderr. */
    private void configureAsWithVerbose() throws Exception {
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("fleetdiff.log.level", "INFO");
        context.putProperty("fleetdiff.ssh.log.level", "WARN");
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        URL config = Objects.requireNonNull(getClass().getClassLoader().getResource("logback.xml"));
        assertThat(config.getPath()).as("the production configuration").doesNotContain("test-classes");
        joran.doConfigure(config);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> stderr = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR");
        Encoder<ILoggingEvent> encoder = stderr.getEncoder();
        assertThat(encoder).extracting("layout").isInstanceOf(LogbackLayout.class);
        OutputStreamAppender<ILoggingEvent> memory = new OutputStreamAppender<>();
        memory.setContext(context);
        memory.setEncoder(encoder);
        memory.setOutputStream(written);
        memory.start();
        root.detachAppender(stderr);
        root.addAppender(memory);
    }

    private List<String> lines() {
        String text = written.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\u001b", "\r", "\u202e", "\uFFFD");
        return Arrays.asList(text.split("\n"));
    }
}
