package dev.fleetdiff.notify.mail;

import static dev.fleetdiff.notify.mail.MailFixture.T0;
import static dev.fleetdiff.notify.mail.MailFixture.portAlert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.notify.ChangeGroup;
import dev.fleetdiff.rules.Alert;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailComposerTest {
    private static final Recipients SECOPS = new Recipients(List.of(MailFixture.SECOPS), List.of());
    private final MailComposer composer = new MailComposer(ZoneOffset.UTC);

    private static Alert withOutput(Alert a, String host, String output) {
        return new Alert(a.id(), a.time(), host, a.command(), a.commandLine(), a.ruleId(), a.level(),
                a.description(), output, a.previousOutput(), a.diff(), a.groups(), true, true);
    }

    @Test
    void aLongOutputIsCutWithANoteNamingTheCommandThatPrintsIt() {
        Alert alert = withOutput(portAlert("a1", "web 1;rm", T0, 1), "web 1;rm", "x".repeat(50_000));

        String text = composer.change(SECOPS, new ChangeGroup(List.of(alert))).text();

        assertThat(text).contains("x".repeat(MailComposer.SECTION_CHARS) + "\n[... 30000 more characters not shown;"
                + " run: fleetdiff diff --host 'web 1;rm' --command listening-ports ]\n");
    }

    @Test
    void messageIdsComeFromAlertIdsOnly() {
        assertThat(MailComposer.messageId("a", List.of("01JD-abc.1"))).isEqualTo("<01JD-abc.1@fleetdiff>");
        assertThat(MailComposer.messageId("a", List.of("id with\r\nBcc: x@y")))
                .matches("<a-[0-9a-f]{32}@fleetdiff>");
        assertThat(MailComposer.messageId("g", List.of("b", "a")))
                .isEqualTo(MailComposer.messageId("g", List.of("a", "b")))
                .isNotEqualTo(MailComposer.messageId("g", List.of("a", "c")));
    }

    @Test
    void theHtmlPartEscapesWhatHostsSentAndColoursTheDiff() {
        Alert alert = withOutput(portAlert("a1", "<b>web1</b>", T0, 23456), "<b>web1</b>", "<img src=x>&\"'\n");

        OutgoingMail mail = composer.change(SECOPS, new ChangeGroup(List.of(alert)));

        assertThat(mail.html()).contains("&lt;b&gt;web1&lt;/b&gt;", "&lt;img src=x&gt;&amp;&quot;&#39;")
                .doesNotContain("<b>", "<img")
                .contains("<span style=\"color:#0550ae\">@@ -1,2 +1,3 @@</span>")
                .contains("<span style=\"color:#57606a;font-weight:bold\">--- listening-ports (previous)</span>");
        assertThat(mail.subject()).isEqualTo("fleetdiff Alert - <b>web1</b> - Level 7 - Listened ports have changed.");
    }

    @Test
    void outputLinesThatLookLikeADiffAreNotColouredOnlyTheDiffIs() {
        Alert alert = withOutput(portAlert("a1", "web1", T0, 23456), "web1", "Diff:\n+fake added line\n-fake removed\n");

        OutgoingMail mail = composer.change(SECOPS, new ChangeGroup(List.of(alert)));

        assertThat(mail.html()).contains("\n+fake added line\n-fake removed\n")
                .doesNotContain(">+fake added line</span>", ">-fake removed</span>")
                .contains("<span style=\"color:#0550ae\">@@ -1,2 +1,3 @@</span>");
    }

    @Test
    void aHugeDigestStillNamesEveryAlertInItsIndex() {
        List<ChangeGroup> changes = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            String host = "host" + i;
            Alert a = portAlert("d" + i, host, T0, i);
            String big = "y".repeat(5_000);
            changes.add(new ChangeGroup(List.of(new Alert(a.id(), T0, host, a.command(), a.commandLine(), a.ruleId(),
                    a.level(), a.description(), big, big, big, a.groups(), true, true))));
        }

        OutgoingMail digest = composer.digest(SECOPS, changes, 12, T0);

        assertThat(digest.alertIds()).hasSize(800);
        assertThat(digest.subject()).isEqualTo("fleetdiff Alert - Digest of 800 alerts on 800 hosts - Level 7");
        assertThat(digest.text().length()).isLessThan(MailComposer.DIGEST_BODY_CHARS + 20_000);
        assertThat(digest.text()).contains(" 800. Level 7 - host799 [listening-ports] - Listened ports have changed.")
                .contains("are not written out here; the index above names each with its host and command");
    }
}
