package dev.fleetdiff.notify.mail;

import static dev.fleetdiff.notify.mail.MailFixture.T0;
import static dev.fleetdiff.notify.mail.MailFixture.portAlert;
import static dev.fleetdiff.notify.mail.MailFixture.sender;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.rules.Alert;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The claim of a mail in flight outlives its lease for as long as the server takes: a server that takes two leases to
 * accept a mail body still gets it from this dispatcher alone, and the delivery is recorded.
 */
class MailLeaseTest {
    /** Heartbeat of the dispatcher under test: short, so the test waits milliseconds rather than seconds. */
    static final Duration HEARTBEAT = Duration.ofMillis(20);
    /** Bound of every wait in the test. */
    static final Duration WAIT = Duration.ofSeconds(20);
    /** How often the slow server looks whether the dispatcher renewed. */
    static final Duration POLL = Duration.ofMillis(5);

    private final MemoryStore store = new MemoryStore();
    private final SettableClock clock = new SettableClock(T0);

    @Test
    void aMailSlowerThanItsLeaseKeepsItsAlertsUntilTheServerAccepts() throws Exception {
        store.add(List.of(portAlert("slow-1", "web1", T0, 23456)));
        CompletableFuture<List<Alert>> takenMeanwhile = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MailFixture.Settings settings = new MailFixture.Settings(server.getLocalPort());
            Duration lease = MailDispatcher.lease(settings.build());
            MailDispatcher dispatcher = new MailDispatcher(store, sender(settings.build()), clock, ZoneOffset.UTC,
                    MailFixture.CLAIMANT, HEARTBEAT);
            Thread.ofVirtual().start(() -> serveOneSlowMail(server, () -> {
                clock.advance(lease.multipliedBy(2));   // the body takes two leases to be accepted
                int before = store.renewals();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (store.renewals() < before + 2 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(POLL.toNanos());
                }
                takenMeanwhile.complete(store.claim("mail", "another-process", clock.instant(), lease, 10));
            }));

            DispatchReport report = dispatcher.deliverPending();

            assertThat(takenMeanwhile.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("renewed while in flight")
                    .isEmpty();
            assertThat(report.mails()).isEqualTo(1);
            assertThat(store.entry("mail", "slow-1").deliveredAt).as("recorded by the claimant").isNotNull();
        }
    }

    /**
     * Speaks just enough SMTP for one mail, running {@code beforeAccepting} once the body is in and before the reply
     * that accepts it.
     */
    private static void serveOneSlowMail(ServerSocket server, Runnable beforeAccepting) {
        try (Socket client = server.accept();
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), US_ASCII));
             OutputStream out = client.getOutputStream()) {
            reply(out, "220 slow.example.com ESMTP");
            boolean body = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.toUpperCase(Locale.ROOT);
                if (body) {
                    if (line.equals(".")) {
                        body = false;
                        beforeAccepting.run();
                        reply(out, "250 accepted");
                    }
                } else if (command.startsWith("DATA")) {
                    body = true;
                    reply(out, "354 go ahead");
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away: the test's assertions say what happened
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(US_ASCII));
        out.flush();
    }
}
