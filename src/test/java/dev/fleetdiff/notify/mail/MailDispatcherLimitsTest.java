package dev.fleetdiff.notify.mail;

import static dev.fleetdiff.notify.mail.MailFixture.T0;
import static dev.fleetdiff.notify.mail.MailFixture.greenMail;
import static dev.fleetdiff.notify.mail.MailFixture.mails;
import static dev.fleetdiff.notify.mail.MailFixture.portAlert;
import static dev.fleetdiff.notify.mail.MailFixture.sender;
import static dev.fleetdiff.notify.mail.MailFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.fleetdiff.rules.Alert;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Grouping, the batching window and max_per_hour, against GreenMail. */
class MailDispatcherLimitsTest {
    private final int port = MailFixture.freePort();
    private final MemoryStore store = new MemoryStore();
    private final SettableClock clock = new SettableClock(T0);
    private final MailFixture.Settings settings = new MailFixture.Settings(port);
    private GreenMail server;

    @BeforeEach
    void startServer() {
        server = greenMail(port, "smtp");
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private MailDispatcher dispatcher() throws Exception {
        return new MailDispatcher(store, sender(settings.build()), clock, ZoneOffset.UTC, MailFixture.CLAIMANT);
    }

    @Test
    void theSameChangeOn500HostsInOneSweepIsOneMail() throws Exception {
        List<Alert> sweep = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            sweep.add(portAlert("s" + i, String.format("web%03d", i), T0.minusMillis(i), 23456));
        }
        store.add(sweep);

        DispatchReport report = dispatcher().deliverPending();

        assertThat(report.mails()).isEqualTo(1);
        assertThat(report.delivered()).isEqualTo(500);
        assertThat(server.getReceivedMessages()).hasSize(1);
        MimeMessage mail = server.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("fleetdiff Alert - 500 hosts - Level 7 - Listened ports have changed.");
        assertThat(mail.getHeader("X-Fleetdiff-Alerts", null)).isEqualTo("500");
        String text = text(mail);
        assertThat(text).startsWith("The same change was seen on 500 hosts: web[001-500]\n")
                .contains("Received From: web[001-500]->netstat")
                .contains("+tcp4       0      0 *.23456");
        assertThat(text.split("\nDiff:\n", -1)).as("the diff is written once").hasSize(2);
        assertThat(mail.getMessageID()).matches("<g-[0-9a-f]{32}@fleetdiff>");
    }

    @Test
    void fiveHundredChangesUnderACapOf12AreAtMost12MailsCarryingAll() throws Exception {
        List<Alert> sweep = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            sweep.add(portAlert("c" + i, String.format("h%03d", i), T0, 10_000 + i));
        }
        store.add(sweep);

        DispatchReport report = dispatcher().deliverPending();

        List<MimeMessage> mails = mails(server);
        assertThat(report.mails()).isEqualTo(12);
        assertThat(mails).hasSize(12);
        assertThat(report.delivered()).isEqualTo(500);
        int carried = 0;
        StringBuilder all = new StringBuilder();
        for (MimeMessage mail : mails) {
            carried += Integer.parseInt(mail.getHeader("X-Fleetdiff-Alerts", null));
            all.append(text(mail));
        }
        String bodies = all.toString();
        assertThat(carried).isEqualTo(500);
        for (int i = 1; i <= 500; i++) {
            String host = String.format("h%03d", i);
            assertThat(bodies).as(host).contains(host + "->netstat", "+tcp4       0      0 *." + (10_000 + i));
            assertThat(store.entry("mail", "c" + i).deliveredCalls).isEqualTo(1);
        }
        MimeMessage digest = mails.get(11);
        assertThat(digest.getSubject()).isEqualTo("fleetdiff Alert - Digest of 489 alerts on 489 hosts - Level 7");
        assertThat(text(digest)).startsWith("fleetdiff Digest.\n2026 Nov 27 19:56:30\n\n489 alerts (489 changes on "
                + "489 hosts) are in this one mail").contains("None was dropped.", "==== 489 of 489 ====");
    }

    @Test
    void whenTheCapIsReachedTheRestWaitsForTheNextSlotEvenAfterARestart() throws Exception {
        settings.maxPerHour = 2;
        store.add(List.of(portAlert("x1", "web1", T0, 1001), portAlert("x2", "web2", T0, 1002)));
        assertThat(dispatcher().deliverPending().mails()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(10));
        store.add(List.of(portAlert("x3", "web3", clock.instant(), 1003),
                portAlert("x4", "web4", clock.instant(), 1004), portAlert("x5", "web5", clock.instant(), 1005)));

        DispatchReport held = dispatcher().deliverPending();

        assertThat(held.mails()).isZero();
        assertThat(held.waiting()).isEqualTo(3);
        assertThat(held.nextCheck()).contains(T0.plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(50).plusMillis(1));
        DispatchReport later = dispatcher().deliverPending();
        assertThat(later.mails()).as("two slots: one change alone, then a digest of the other two").isEqualTo(2);
        assertThat(later.delivered()).isEqualTo(3);
        assertThat(mails(server)).hasSize(4).last().extracting(MailFixture::subject)
                .isEqualTo("fleetdiff Alert - Digest of 2 alerts on 2 hosts - Level 7");
    }

    @Test
    void alertsBelowMinLevelAreDoneWithoutUsingASlot() throws Exception {
        settings.maxPerHour = 1;
        store.add(List.of(MailFixture.withLevel(portAlert("low", "web1", T0, 1001), 3, List.of())));
        MailDispatcher dispatcher = dispatcher();
        assertThat(dispatcher.deliverPending().skipped()).isEqualTo(1);
        store.add(List.of(portAlert("high", "web2", T0, 1002)));

        DispatchReport report = dispatcher.deliverPending();

        assertThat(report.mails()).isEqualTo(1);
        assertThat(store.entry("mail", "low").deliveredAt).isNotNull();
        assertThat(mails(server)).extracting(MailFixture::subject)
                .containsExactly("fleetdiff Alert - web2 - Level 7 - Listened ports have changed.");
    }

    @Test
    void theBatchingWindowMergesAlertsThatArriveCloseTogether() throws Exception {
        settings.batchWindow = Duration.ofMinutes(2);
        MailDispatcher dispatcher = dispatcher();
        store.add(List.of(portAlert("b1", "web1", T0, 23456)));
        clock.advance(Duration.ofSeconds(30));

        DispatchReport early = dispatcher.deliverPending();
        clock.advance(Duration.ofSeconds(30));
        store.add(List.of(portAlert("b2", "web2", clock.instant(), 23456)));
        clock.advance(Duration.ofSeconds(60));
        DispatchReport ripe = dispatcher.deliverPending();

        assertThat(early.mails()).isZero();
        assertThat(early.waiting()).isEqualTo(1);
        assertThat(early.nextCheck()).contains(T0.plus(Duration.ofMinutes(2)));
        assertThat(ripe.mails()).isEqualTo(1);
        assertThat(ripe.delivered()).isEqualTo(2);
        assertThat(text(server.getReceivedMessages()[0])).startsWith("The same change was seen on 2 hosts: web[1-2]");
    }

    @Test
    void flushSendsAtOnceForAOneShotPoll() throws Exception {
        settings.batchWindow = Duration.ofMinutes(5);
        store.add(List.of(portAlert("f1", "web1", T0, 23456)));

        DispatchReport report = dispatcher().flushPending();

        assertThat(report.mails()).isEqualTo(1);
        assertThat(server.getReceivedMessages()).hasSize(1);
    }
}
