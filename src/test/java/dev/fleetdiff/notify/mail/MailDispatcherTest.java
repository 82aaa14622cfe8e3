package dev.fleetdiff.notify.mail;

import static dev.fleetdiff.notify.mail.MailFixture.COMMAND_LINE;
import static dev.fleetdiff.notify.mail.MailFixture.SECOPS;
import static dev.fleetdiff.notify.mail.MailFixture.T0;
import static dev.fleetdiff.notify.mail.MailFixture.greenMail;
import static dev.fleetdiff.notify.mail.MailFixture.mails;
import static dev.fleetdiff.notify.mail.MailFixture.portAlert;
import static dev.fleetdiff.notify.mail.MailFixture.sender;
import static dev.fleetdiff.notify.mail.MailFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.fleetdiff.config.MailSettings;
import dev.fleetdiff.notify.RetryBackoff;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.OutboxCount;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailDispatcherTest {
    private final int port = MailFixture.freePort();
    private final MemoryStore store = new MemoryStore();
    private final SettableClock clock = new SettableClock(T0);
    private GreenMail server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private MailDispatcher dispatcher() throws Exception {
        return new MailDispatcher(store, sender(new MailFixture.Settings(port).build()), clock, ZoneOffset.UTC,
                MailFixture.CLAIMANT);
    }

    @Test
    void theOpenPortAlertArrivesInThePostsLayoutWithTheDiff() throws Exception {
        server = greenMail(port, "smtp");
        store.add(List.of(portAlert("01JDALERT1", "web1", T0, 23456)));

        DispatchReport report = dispatcher().deliverPending();

        assertThat(report.mails()).isEqualTo(1);
        assertThat(report.delivered()).isEqualTo(1);
        MimeMessage mail = mails(server).get(0);
        assertThat(mail.getSubject()).isEqualTo("fleetdiff Alert - web1 - Level 7 - Listened ports have changed.");
        assertThat(mail.getMessageID()).isEqualTo("<01JDALERT1@fleetdiff>");
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        assertThat(MailFixture.part(mail, 0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(MailFixture.part(mail, 1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat(text(mail)).isEqualTo("""
                fleetdiff Notification.
                2026 Nov 27 19:56:30

                Received From: web1->netstat -tan |grep LISTEN|grep -v 127.0.0.1
                Rule: 140123 fired (level 7) -> "Listened ports have changed."
                Portion of the log(s):

                ossec: output: 'netstat -tan |grep LISTEN|grep -v 127.0.0.1':
                tcp4       0      0 *.23456           *.*               LISTEN
                tcp4       0      0 *.3306            *.*               LISTEN
                tcp4       0      0 *.25              *.*               LISTEN
                Previous output:
                ossec: output: 'netstat -tan |grep LISTEN|grep -v 127.0.0.1':
                tcp4       0      0 *.3306            *.*               LISTEN
                tcp4       0      0 *.25              *.*               LISTEN
                Diff:
                --- listening-ports (previous)
                +++ listening-ports (now)
                @@ -1,2 +1,3 @@
                +tcp4       0      0 *.23456           *.*               LISTEN
                 tcp4       0      0 *.3306            *.*               LISTEN
                 tcp4       0      0 *.25              *.*               LISTEN

                --END OF NOTIFICATION
                """);
        assertThat(MailFixture.html(mail)).contains("<span style=\"color:#116329;background:#dafbe1\">"
                + "+tcp4       0      0 *.23456           *.*               LISTEN</span>");
        assertThat(store.entry("mail", "01JDALERT1").deliveredAt).isNotNull();
        assertThat(store.pending("mail", clock.instant(), 10)).isEmpty();
    }

    @Test
    void anAlertThatCannotBeWrittenAsAMailCostsOnlyItsOwnDelivery() throws Exception {
        server = greenMail(port, "smtp");
        Alert good = portAlert("a-good", "web1", T0, 23456);
        Alert bad = portAlert("a-bad", "web2", T0, 8080);
        Alert unwritable = new Alert(bad.id(), bad.time(), bad.host(), bad.command(), bad.commandLine(),
                bad.ruleId(), bad.level(), bad.description(), null, bad.previousOutput(), bad.diff(), bad.groups(),
                bad.email(), bad.log(), 0, 0, 0, 0, 0);
        store.add(List.of(unwritable, good));

        DispatchReport report = dispatcher().deliverPending();

        assertThat(report.delivered()).isEqualTo(1);
        assertThat(mails(server)).singleElement().extracting(m -> {
            try {
                return m.getMessageID();
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        }).isEqualTo("<a-good@fleetdiff>");
        assertThat(store.entry("mail", "a-bad").attempts).isEqualTo(1);
        assertThat(store.entry("mail", "a-bad").error).startsWith("cannot write the mail: NullPointerException");
        assertThat(store.entry("mail", "a-bad").retryAt).isEqualTo(T0.plus(RetryBackoff.FIRST_DELAY));
    }

    @Test
    void mailsHeldWhileTheServerWasDownArriveOnceAfterARestart() throws Exception {
        store.add(List.of(portAlert("a-web1", "web1", T0, 23456), portAlert("a-db1", "db1", T0, 5432),
                portAlert("a-web2", "web2", T0, 8080), portAlert("a-web3", "web3", T0, 8080),
                portAlert("a-web4", "web4", T0, 8080)));

        DispatchReport down = dispatcher().deliverPending();

        assertThat(down.mails()).isZero();
        assertThat(down.failed()).isEqualTo(5);
        assertThat(down.error()).get().asString().contains("127.0.0.1:" + port).contains("Connection refused");
        assertThat(store.entry("mail", "a-web1").attempts).isEqualTo(1);
        assertThat(store.entry("mail", "a-web1").retryAt).isEqualTo(T0.plus(RetryBackoff.FIRST_DELAY));
        assertThat(store.outbox()).contains(new OutboxCount("mail", 5, 5));

        clock.advance(Duration.ofSeconds(10));
        MailDispatcher restarted = dispatcher();
        assertThat(restarted.deliverPending().failed()).as("not due before the backoff ends").isZero();
        server = greenMail(port, "smtp");
        clock.advance(RetryBackoff.FIRST_DELAY);

        DispatchReport back = restarted.deliverPending();
        DispatchReport again = restarted.deliverPending();

        assertThat(back.mails()).isEqualTo(3);
        assertThat(back.delivered()).isEqualTo(5);
        assertThat(again.mails()).isZero();
        assertThat(server.getReceivedMessages()).hasSize(3);
        assertThat(mails(server)).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                "fleetdiff Alert - web1 - Level 7 - Listened ports have changed.",
                "fleetdiff Alert - db1 - Level 7 - Listened ports have changed.",
                "fleetdiff Alert - 3 hosts - Level 7 - Listened ports have changed.");
        for (String id : List.of("a-web1", "a-db1", "a-web2", "a-web3", "a-web4")) {
            assertThat(store.entry("mail", id).deliveredCalls).as(id).isEqualTo(1);
        }
        assertThat(store.outbox()).noneMatch(count -> count.channel().equals("mail"));
    }

    @Test
    void aCrashAfterTheServerAcceptedResendsWithTheSameMessageIdOnceTheLeaseEnds() throws Exception {
        server = greenMail(port, "smtp");
        store.add(List.of(portAlert("a-web1", "web1", T0, 23456)));
        store.crashBeforeNextDelivered();

        MailDispatcher crashed = dispatcher();
        assertThatThrownBy(crashed::deliverPending).hasMessageContaining("simulated crash");
        clock.advance(crashed.lease().minusMillis(1));
        assertThat(dispatcher().deliverPending().mails()).as("still claimed by the crashed one").isZero();
        clock.advance(Duration.ofMillis(1));
        dispatcher().deliverPending();

        assertThat(server.getReceivedMessages()).extracting(MimeMessage::getMessageID)
                .containsExactly("<a-web1@fleetdiff>", "<a-web1@fleetdiff>");
        assertThat(store.entry("mail", "a-web1").deliveredAt).isNotNull();
    }

    @Test
    void theLeaseCoversASessionsStartOrOneMailNotAWholeRound() {
        MailFixture.Settings settings = new MailFixture.Settings(port);
        settings.timeout = Duration.ofSeconds(30);
        settings.to = List.of(SECOPS, "noc@example.com");
        // the 6 exchanges of a session's start, as many as one mail's 4 and 2 RCPT TO: 6 exchanges of 30 s
        assertThat(MailDispatcher.lease(settings.build())).isEqualTo(Duration.ofSeconds(6 * 30));
        settings.to = List.of(SECOPS, "noc@example.com", "a@example.com", "b@example.com", "c@example.com");
        assertThat(MailDispatcher.lease(settings.build())).isEqualTo(Duration.ofSeconds(9 * 30));
        settings.maxPerHour = 100_000;
        assertThat(MailDispatcher.lease(settings.build())).as("renewed per mail, so mails per round do not count")
                .isEqualTo(Duration.ofSeconds(9 * 30));
        settings.timeout = Duration.ofSeconds(1);
        assertThat(MailDispatcher.lease(settings.build())).isEqualTo(MailDispatcher.MIN_LEASE);
    }

    @Test
    void aHostileHostNameCommandAndOutputAddNoHeaderAndNoRecipient() throws Exception {
        server = greenMail(port, "smtp");
        Alert base = portAlert("evil-1", "web1", T0, 23456);
        String host = "web1\r\nBcc: thief@evil.example\r\nX-Injected: yes";
        Alert hostile = new Alert(base.id(), T0, host, "listening-ports",
                COMMAND_LINE + "\r\nBcc: thief2@evil.example", 140123, 7, "Ports\r\nCc: thief3@evil.example",
                "line\r\nBcc: thief4@evil.example\r\n\r\nSubject: fake\r\n<script>alert(1)</script>\n",
                "", "+line\r\nBcc: thief5@evil.example\n", List.of("local"), true, true);
        store.add(List.of(hostile));

        assertThat(dispatcher().deliverPending().mails()).isEqualTo(1);

        assertThat(server.getUserManager().listUser()).extracting(GreenMailUser::getEmail).containsExactly(SECOPS);
        assertThat(server.getReceivedMessagesForDomain("evil.example")).isEmpty();
        MimeMessage mail = server.getReceivedMessages()[0];
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getHeader("Cc")).isNull();
        assertThat(mail.getHeader("X-Injected")).isNull();
        assertThat(mail.getHeader("Subject")).hasSize(1);
        assertThat(mail.getSubject()).isEqualTo("fleetdiff Alert - web1 Bcc: thief@evil.example X-Injected: yes"
                + " - Level 7 - Ports Cc: thief3@evil.example");
        assertThat(GreenMailUtil.getHeaders(mail).lines().map(String::strip)).as("no field, not even folded")
                .noneMatch(l -> l.regionMatches(true, 0, "Bcc:", 0, 4) || l.startsWith("X-Injected:")
                        || l.startsWith("Cc:"));
        assertThat(MailFixture.html(mail)).contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(text(mail)).contains("Received From: web1? Bcc: thief@evil.example? X-Injected: yes->");
    }

    @Test
    void routesAddRecipientsByLevelAndRuleGroupAndMinLevelHoldsBack() throws Exception {
        server = greenMail(port, "smtp");
        MailFixture.Settings settings = new MailFixture.Settings(port);
        settings.routes = List.of(
                new MailSettings.Route(10, Optional.empty(), List.of("oncall@example.com")),
                new MailSettings.Route(0, Optional.of("authentication"),
                        List.of("iam@example.com", SECOPS)));
        Alert quiet = portAlert("r-low", "web4", T0, 4000);
        Alert noEmail = new Alert("r-noemail", T0, "web5", "listening-ports", COMMAND_LINE, 140123, 9, "x", "a", "b",
                "-b\n+a\n", List.of(), false, true);
        store.add(List.of(portAlert("r-7", "web1", T0, 1000),
                MailFixture.withLevel(portAlert("r-12", "web2", T0, 2000), 12, List.of("local")),
                MailFixture.withLevel(portAlert("r-auth", "web3", T0, 3000), 8, List.of("authentication")),
                MailFixture.withLevel(quiet, 5, List.of("authentication"))));
        store.add(List.of(noEmail));
        store.add(List.of(new Alert("r-nomail", T0, "web6", "c", "c", 1, 12, "d", "a", "b", "-b\n+a\n", List.of(),
                true, true)));
        store.entry("mail", "r-nomail").deliveredAt = T0;

        DispatchReport report = new MailDispatcher(store, sender(settings.build()), clock, ZoneOffset.UTC,
                MailFixture.CLAIMANT).deliverPending();

        assertThat(report.mails()).isEqualTo(3);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(store.entry("mail", "r-low").deliveredAt).as("below min_level: done, not mailed").isNotNull();
        assertThat(subjectsOf("oncall@example.com")).containsExactly(
                "fleetdiff Alert - web2 - Level 12 - Listened ports have changed.");
        assertThat(subjectsOf("iam@example.com")).containsExactly(
                "fleetdiff Alert - web3 - Level 8 - Listened ports have changed.");
        assertThat(subjectsOf(SECOPS)).hasSize(3).noneMatch(s -> s.contains("web4") || s.contains("web5"));
        MimeMessage toOnCall = server.findReceivedMessages(u -> u.getEmail().equals("oncall@example.com"), m -> true)
                .findFirst().orElseThrow();
        assertThat(toOnCall.getHeader("To", ",")).isEqualTo(SECOPS);
        assertThat(toOnCall.getHeader("Cc", ",")).isEqualTo("oncall@example.com");
    }

    private List<String> subjectsOf(String address) {
        return server.findReceivedMessages(u -> u.getEmail().equals(address), m -> true)
                .map(MailFixture::subject).toList();
    }
}
