package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.inventory.Command;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A server that answers the SSH version line with an SSH_MSG_DISCONNECT whose text clears the screen, ends the line
 * and forges a log line: whatever the SSH library and fleetdiff log about it, at any level, is safe one-line text.
 */
@Timeout(30)
class SshjCollectorLogTest {
    static final String FORGED = "12:00:00.000 INFO  app.Sweep - poll ok";
    static final String DISCONNECT_TEXT = "bye\u001b[2J\r\n" + FORGED;
    private static final int SSH_MSG_DISCONNECT = 1;
    private static final int PROTOCOL_ERROR = 2;
    private static final int BLOCK = 8;
    private static final int MIN_PADDING = 4;

    @RegisterExtension
    final TrustedHost trusted = new TrustedHost();

    @Test
    void aHostileDisconnectTextReachesNoLogLineRaw() throws Exception {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger sshj = logging.getLogger("net.schmizz");
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> stderr = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR");
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> memory = new OutputStreamAppender<>();
        memory.setContext(logging);
        memory.setEncoder(stderr.getEncoder());
        memory.setOutputStream(written);
        memory.start();
        Level before = sshj.getLevel();
        sshj.setLevel(Level.DEBUG);
        sshj.addAppender(memory);
        sshj.setAdditive(false);
        HostPoll poll;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread hostile = Thread.ofVirtual().start(() -> disconnectOnce(server));
            poll = trusted.poll(HostVariants.timeouts(HostVariants.port(trusted.host(), server.getLocalPort()),
                    Duration.ofSeconds(5), Duration.ofSeconds(5)), Command.of("uptime", "uptime"));
            hostile.join(Duration.ofSeconds(10));
        } finally {
            sshj.setAdditive(true);
            sshj.detachAppender(memory);
            sshj.setLevel(before);
            memory.stop();
        }

        String log = written.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the SSH library logged the server's text").contains("[2J");
        assertThat(log).doesNotContain("\u001b", "\r");
        List<String> lines = Arrays.asList(log.split("\n"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).startsWith(FORGED));
        assertThat(lines).filteredOn(line -> line.contains(FORGED)).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("bye?[2J? " + FORGED));
        assertThat(poll.failure()).hasValueSatisfying(failure ->
                assertThat(failure.message()).doesNotContain("\u001b", "\r", "\n"));
    }

    /** Sends a version line and a DISCONNECT packet (no encryption is set up yet), then waits for the client to go. */
    private static void disconnectOnce(ServerSocket server) {
        try (Socket client = server.accept()) {
            client.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = client.getOutputStream();
            out.write("SSH-2.0-hostile\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(disconnectPacket(DISCONNECT_TEXT));
            out.flush();
            InputStream in = client.getInputStream();
            byte[] drain = new byte[4096];
            while (in.read(drain) != -1) {
                // read what the client sends until it closes
            }
        } catch (IOException e) {
            // the client went away: that is the end of this server
        }
    }

    /** RFC 4253 6: uint32 length, byte padding length, payload, padding; length + 4 a multiple of 8. */
    private static byte[] disconnectPacket(String text) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(payload);
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        p.writeByte(SSH_MSG_DISCONNECT);
        p.writeInt(PROTOCOL_ERROR);
        p.writeInt(message.length);
        p.write(message);
        p.writeInt(0);
        int padding = BLOCK - (5 + payload.size()) % BLOCK;
        if (padding < MIN_PADDING) {
            padding += BLOCK;
        }
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(packet);
        out.writeInt(1 + payload.size() + padding);
        out.writeByte(padding);
        out.write(payload.toByteArray());
        out.write(new byte[padding]);
        return packet.toByteArray();
    }
}
