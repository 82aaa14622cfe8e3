package dev.fleetdiff.notify.mail;

import static dev.fleetdiff.notify.mail.MailFixture.T0;
import static dev.fleetdiff.notify.mail.MailFixture.greenMail;
import static dev.fleetdiff.notify.mail.MailFixture.portAlert;
import static dev.fleetdiff.notify.mail.MailFixture.sender;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.jdbc.JdbcStore;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes delivering one outbox, as {@code fleetdiff run} beside a hand-started {@code fleetdiff poll}: two
 * dispatchers on two stores over one SQLite file, sending to one GreenMail server at the same time.
 */
class TwoDispatchersTest {
    static final int ALERTS = 200;
    /** Rounds each dispatcher runs at most; one takes everything due, so two are plenty. */
    static final int MAX_ROUNDS = 5;

    private final int port = MailFixture.freePort();
    private final GreenMail server = greenMail(port, "smtp");
    @TempDir
    Path dir;

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void eachAlertArrivesInExactlyOneMail() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("fleetdiff.db");
        MailFixture.Settings settings = new MailFixture.Settings(port);
        settings.maxPerHour = 1_000;   // a mail per alert, no digest, so a duplicate shows as a repeated Message-ID
        List<String> expected = new ArrayList<>();
        ExecutorService processes = Executors.newFixedThreadPool(2);
        try (JdbcStore first = JdbcStore.open(url); JdbcStore second = JdbcStore.open(url)) {
            List<Alert> alerts = new ArrayList<>();
            for (int i = 0; i < ALERTS; i++) {
                alerts.add(portAlert(String.format("alert-%03d", i), "web" + i, T0, 10_000 + i));
                expected.add(String.format("<alert-%03d@fleetdiff>", i));
            }
            first.record(List.of(new PollRecord("web0", T0, T0, "ok", Optional.empty(), List.of(), alerts)));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> mails = new ArrayList<>();
            for (JdbcStore store : List.of(first, second)) {
                MailDispatcher dispatcher = new MailDispatcher(store, sender(settings.build()),
                        Clock.fixed(T0, ZoneOffset.UTC), ZoneOffset.UTC, "process-" + mails.size() + "/mail-1");
                mails.add(processes.submit(() -> deliverAll(dispatcher, start)));
            }
            start.countDown();
            int sent = mails.get(0).get(120, SECONDS) + mails.get(1).get(120, SECONDS);

            assertThat(sent).isEqualTo(ALERTS);
            assertThat(second.outbox()).contains(new OutboxCount("mail", 0, 0));
        } finally {
            processes.shutdownNow();
        }
        List<String> received = new ArrayList<>();
        for (MimeMessage mail : server.getReceivedMessages()) {
            received.add(mail.getMessageID());
        }
        assertThat(received).as("one mail per alert, none twice").containsExactlyInAnyOrderElementsOf(expected);
    }

    private static int deliverAll(MailDispatcher dispatcher, CountDownLatch start) throws InterruptedException {
        assertThat(start.await(10, SECONDS)).isTrue();
        int mails = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            DispatchReport report = dispatcher.deliverPending();
            assertThat(report.error()).isEmpty();
            if (report.mails() == 0) {
                break;
            }
            mails += report.mails();
        }
        return mails;
    }
}
