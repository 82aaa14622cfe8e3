package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.testing.LoggedAlert;
import dev.fleetdiff.testing.Reply;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review loop end to end: {@code baseline: accepted}, {@code accept}, {@code ack} and {@code alerts}, on
 * in-process SSH hosts with the real CLI, SQLite and alerts.jsonl.
 */
class ReviewCommandsTest {
    private static final String SSH = "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN\n";
    private static final String CHANGE_A = "tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN\n";
    private static final String CHANGE_B = "tcp        0      0 0.0.0.0:4444            0.0.0.0:*               LISTEN\n";
    private static final String PORTS = "listening-ports";
    private static final int UNCHANGED_POLLS = 5;

    @TempDir
    Path dir;
    CliFleet fleet;

    @AfterEach
    void stop() {
        fleet.close();
    }

    private void reply(String output) {
        fleet.hosts.get("web1").reply(CliFleet.PORTS_COMMAND, Reply.ok(output));
    }

    private List<LoggedAlert> alerts() {
        return LoggedAlert.readAll(dir.resolve("alerts.jsonl"));
    }

    /** A fleet of web1 whose listening-ports command has the given baseline. */
    private void fleetWithBaseline(String baseline) {
        fleet = new CliFleet(dir, "", "web1");
        fleet.commandSettings("    baseline: " + baseline + "\n");
    }

    /** {@code fleetdiff rules test} on web1's listening-ports with this output on stdin. */
    private CliFleet.Run rulesTest(String output) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)));
            return fleet.run("rules", "test", "--host", "web1", "--command", PORTS);
        } finally {
            System.setIn(stdin);
        }
    }

    private CliFleet.Run poll() {
        return fleet.run("poll", "--all");
    }

    @Test
    void anUnacceptedChangeAlertsOncePerNewOutputUntilItIsAccepted() {
        fleetWithBaseline("accepted");
        reply(SSH);
        assertThat(poll().out()).contains("web1: ok, 1 commands, 1 baseline");
        assertThat(fleet.run("poll", "--all", "--dry-run").exit()).isZero();
        assertThat(fleet.run("history", "--host", "web1").out()).as("a dry run records no acceptance")
                .doesNotContain("accepted v1");

        reply(SSH + CHANGE_A);
        CliFleet.Run changeA = poll();
        assertThat(changeA.exit()).as(changeA.out()).isEqualTo(1);
        assertThat(alerts()).singleElement().satisfies(a -> assertThat(a.diff()).contains("+" + CHANGE_A.strip()));

        for (int i = 0; i < UNCHANGED_POLLS; i++) {
            CliFleet.Run same = poll();
            assertThat(same.exit()).as(same.out()).isZero();
            assertThat(same.out()).contains("web1: ok, 1 commands, 1 unaccepted");
        }
        assertThat(alerts()).as("the same unaccepted output is not raised again").hasSize(1);

        reply(SSH + CHANGE_A + CHANGE_B);
        assertThat(poll().exit()).isEqualTo(1);
        assertThat(alerts()).hasSize(2).last().satisfies(b -> {
            assertThat(b.diff()).as("compared with the accepted output, so A is still in it")
                    .contains("+" + CHANGE_A.strip()).contains("+" + CHANGE_B.strip());
            assertThat(b.previousOutput()).isEqualTo(SSH);
        });
        assertThat(fleet.run("alerts", "--unacked").out()).contains("2 alerts, 2 unacked");
        assertThat(rulesTest(SSH).out()).as("rules test compares with the accepted output").contains("unchanged");
        CliFleet.Run diff = fleet.run("diff", "--host", "web1", "--command", PORTS);
        assertThat(diff.out()).as("diff starts from the accepted version").contains("web1 listening-ports: v1 (")
                .contains("-> v3 (").contains("+" + CHANGE_A.strip()).contains("+" + CHANGE_B.strip());

        CliFleet.Run accept = fleet.run("accept", "--host", "web1", "--command", PORTS, "--by", "alice", "--note",
                "planned: proxy on 8080, debug port 4444");
        assertThat(accept.exit()).as(accept.err()).isZero();
        assertThat(accept.out()).contains("accepted web1 listening-ports v3").contains("by alice; 1 alerts");

        CliFleet.Run accepted = poll();
        assertThat(accepted.exit()).isZero();
        assertThat(accepted.out()).contains("web1: ok, 1 commands").doesNotContain("unaccepted");
        assertThat(alerts()).hasSize(2);
        String unacked = fleet.run("alerts", "--unacked").out();
        assertThat(unacked).contains("1 alerts, 1 unacked").contains(alerts().get(0).id())
                .doesNotContain(alerts().get(1).id());

        reply(SSH + CHANGE_A);
        assertThat(poll().exit()).as("the accepted output is now the baseline: closing B is news").isEqualTo(1);
        assertThat(alerts()).hasSize(3).last().satisfies(c -> {
            assertThat(c.diff()).contains("-" + CHANGE_B.strip()).doesNotContain("+" + CHANGE_A.strip());
            assertThat(c.previousOutput()).isEqualTo(SSH + CHANGE_A + CHANGE_B);
        });

        String history = fleet.run("history", "--host", "web1", "--command", PORTS).out();
        assertThat(history).contains("accepted v1 at").contains("by fleetdiff (automatic)")
                .contains("accepted v3 at").contains("by alice: planned: proxy on 8080, debug port 4444")
                .contains("acked by alice at").contains("accepted v3: planned");
    }

    @Test
    void withThePreviousBaselineEveryChangeMovesItAndAcceptOnlyRecordsTheReview() {
        fleetWithBaseline("previous");
        reply(SSH);
        poll();
        reply(SSH + CHANGE_A);
        assertThat(poll().exit()).isEqualTo(1);
        assertThat(poll().exit()).isZero();

        CliFleet.Run accept = fleet.run("accept", "--host", "web1", "--command", PORTS, "--by", "alice");
        assertThat(accept.exit()).isZero();
        assertThat(accept.out()).contains("note: listening-ports has baseline: previous");

        reply(SSH);
        assertThat(poll().exit()).isEqualTo(1);
        assertThat(alerts()).hasSize(2).last().satisfies(a -> assertThat(a.previousOutput()).isEqualTo(SSH + CHANGE_A));
    }

    @Test
    void ackRecordsWhoWhenAndWhyKeepsEveryAckAndRefusesUnknownIdsWithoutAckingAny() {
        fleet = new CliFleet(dir, "", "web1");
        reply(SSH);
        poll();
        reply(SSH + CHANGE_A);
        poll();
        String id = alerts().get(0).id();

        assertThat(fleet.run("status", "--json").out()).contains("\"unacked_alerts\":1");
        CliFleet.Run unknown = fleet.run("ack", id, "no-such-alert", "--by", "bob");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown alert id 'no-such-alert'; nothing was acked");
        assertThat(fleet.run("alerts", "--unacked").out()).contains("1 alerts, 1 unacked");

        CliFleet.Run first = fleet.run("ack", id.substring(0, 8), "--by", "bob", "--note", "CHG-42");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("acked ").contains(id).doesNotContain("acked before");
        CliFleet.Run second = fleet.run("ack", id, "--by", "carol");
        assertThat(second.out()).contains("acked before by bob at").contains("both acks are kept");

        assertThat(fleet.run("alerts", "--unacked").out()).contains("0 alerts, 0 unacked");
        assertThat(fleet.run("status", "--json").out()).contains("\"unacked_alerts\":0");
        CliFleet.Run all = fleet.run("alerts");
        assertThat(all.out()).contains("1 alerts, 0 unacked").contains("acked by bob at").contains(": CHG-42")
                .contains("acked by carol at");
        CliFleet.Run json = fleet.run("alerts", "--json");
        assertThat(json.out().lines()).singleElement().asString().startsWith("{\"id\":\"" + id + "\"")
                .contains("\"rule_id\":199100").contains("\"acked\":true")
                .contains("{\"by\":\"bob\",\"at\":\"").contains("\"note\":\"CHG-42\"}")
                .contains("{\"by\":\"carol\",\"at\":\"");
    }

    @Test
    void alertsFiltersByHostGroupRuleAndLevel() {
        fleet = new CliFleet(dir, "", "web1", "web2");
        fleet.reply("web1", SSH).reply("web2", SSH);
        poll();
        fleet.reply("web1", SSH + CHANGE_A).reply("web2", SSH + CHANGE_B);
        poll();

        assertThat(fleet.run("alerts", "--host", "web2").out()).contains("1 alerts").contains("web2")
                .doesNotContain("web1");
        assertThat(fleet.run("alerts", "--group", "web").out()).contains("2 alerts");
        assertThat(fleet.run("alerts", "--rule", "199100", "--min-level", "7").out()).contains("2 alerts");
        assertThat(fleet.run("alerts", "--rule", "199001").out()).contains("0 alerts");
        assertThat(fleet.run("alerts", "--min-level", "8").out()).contains("0 alerts");
        assertThat(fleet.run("alerts", "--since", "1m").out()).contains("2 alerts");

        CliFleet.Run group = fleet.run("alerts", "--group", "db");
        assertThat(group.exit()).isEqualTo(2);
        assertThat(group.err()).contains("unknown group 'db'; known groups: web");
        CliFleet.Run since = fleet.run("alerts", "--since", "yesterday");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err()).contains("'yesterday' is not a duration");
    }

    @Test
    void acceptRefusesAnOutputNeverStoredForThatHostAndCommand() {
        fleetWithBaseline("accepted");
        reply(SSH);
        poll();
        reply(SSH + CHANGE_A);
        poll();
        String history = fleet.run("history", "--host", "web1", "--command", PORTS).out();
        String v2 = history.lines().filter(l -> l.startsWith("  v2 ")).findFirst().orElseThrow()
                .replaceAll(".*sha256:(\\p{XDigit}{12}).*", "$1");

        CliFleet.Run unseen = fleet.run("accept", "--host", "web1", "--command", PORTS, "--hash",
                "sha256:0123456789abcdef", "--by", "alice");
        assertThat(unseen.exit()).isEqualTo(2);
        assertThat(unseen.err()).contains("sha256:0123456789abcdef was never seen for listening-ports on web1;"
                + " nothing was accepted");
        assertThat(fleet.run("accept", "--host", "web2", "--command", PORTS, "--by", "alice").err())
                .contains("no stored output for host 'web2' and command 'listening-ports'");
        assertThat(fleet.run("accept", "--host", "web1", "--command", PORTS, "--version", "9", "--by", "alice")
                .err()).contains("no version 9 of listening-ports on web1; versions are 1..2");
        assertThat(fleet.run("accept", "--host", "web1", "--command", PORTS, "--hash", "abc", "--by", "alice")
                .err()).contains("--hash 'abc' is not a SHA-256");
        assertThat(fleet.run("accept", "--host", "web1", "--command", PORTS, "--version", "1", "--hash",
                "sha256:" + v2, "--by", "alice").err()).contains("give --version or --hash, not both");
        assertThat(fleet.run("accept", "--host", "web1", "--command", PORTS, "--by", " ").err())
                .contains("--by is empty");
        assertThat(poll().out()).as("nothing was accepted").contains("1 unaccepted");

        CliFleet.Run byHash = fleet.run("accept", "--host", "web1", "--command", PORTS, "--hash", "sha256:" + v2,
                "--by", "alice");
        assertThat(byHash.exit()).as(byHash.err()).isZero();
        assertThat(byHash.out()).contains("v2 (sha256:" + v2 + ")");
        assertThat(poll().out()).doesNotContain("unaccepted");
    }

    @Test
    void whatAHostPrintedReachesTheTerminalEscapedInAlertsJson() {
        fleet = new CliFleet(dir, "", "web1");
        reply(SSH);
        poll();
        reply(SSH + "tcp 0 0 0.0.0.0:1 \u001b]0;owned\u0007 \u202e LISTEN\n");
        poll();

        String json = fleet.run("alerts", "--json").out();
        assertThat(json).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e")
                .contains("\\u001B]0;owned\\u0007").contains("\\u202E");
    }
}
