package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} over {@link AuditWeek}'s simulated week: every count in text, CSV and JSON equals the known truth. */
class ReportCommandTest {
    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void week() throws Exception {
        config = AuditWeek.write(dir);
    }

    private CliFleet.Run report(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("report", "--since", "7d", "--until",
                AuditWeek.UNTIL.toString(), "--config", config.toString()));
        args.addAll(List.of(more));
        CliFleet.Run run = CliFleet.execute(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        return run;
    }

    @Test
    void aGroupWhoseHostsAllPolledSaysNoneAndTheHeaderShowsWholeSeconds() {
        CliFleet.Run run = CliFleet.execute("report", "--since", "7d", "--until", "2026-11-30T00:00:00.123456789Z",
                "--group", "web", "--config", config.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("fleetdiff report 2026-11-23T00:00:00Z to 2026-11-30T00:00:00Z (7d)\n")
                .contains("Not polled successfully:\n  none\n");
    }

    @Test
    void textCountsEqualTheWeek() {
        String text = report().out();

        assertThat(text).startsWith("fleetdiff report 2026-11-23T00:00:00Z to 2026-11-30T00:00:00Z (7d)\n");
        assertThat(text).containsPattern("\nweb +3 +3 +100\\.0% +1 +0 +1\n")
                .containsPattern("\ndb +2 +1 +50\\.0% +1 +1 +0\n")
                .containsPattern("\ntotal +5 +4 +80\\.0% +2 +1 +1\n");
        assertThat(text).contains("Not polled successfully:\n  db: db2\n");
        assertThat(text).containsPattern("\n  web +listening-ports +82\n")
                .containsPattern("\n  db +listening-ports +14\n").containsPattern("\n  db +users +14\n")
                .containsPattern("\n  total +listening-ports +96\n").containsPattern("\n  total +users +14\n");
        assertThat(text).containsPattern("\n  web +rule 199100 level 7: 2\n")
                .containsPattern("\n  db +rule 199003 level 10: 1\n")
                .containsPattern("\n  total +rule 199003 level 10: 1\n")
                .containsPattern("\n  total +rule 199100 level 7: 2\n");
        assertThat(text).contains("Alerts (3):").doesNotContain("c-before");
        assertThat(text).contains("      fleetdiff diff --host web2 --command listening-ports --from 1 --to 2\n")
                .contains("      fleetdiff diff --host web1 --command listening-ports --from 1 --to 2\n");
        assertThat(text).contains("Failing and stale episodes (3):\n"
                + "  db2  stale  2026-11-24T00:00:00Z -> ongoing  6d  No good poll of db2 for too long:")
                .contains("  db1  failing  2026-11-25T12:00:00Z -> 2026-11-26T00:00:00Z  12h  getent failed\n")
                .contains("  web3  failing  2026-11-24T12:00:00Z -> 2026-11-25T00:00:00Z  12h  connection refused\n");
        assertThat(text).contains("Acks (2):\n  s-db2  acked by bob at 2026-11-25T00:00:00Z: db2 decommissioned\n"
                + "  c-web2  acked by alice at 2026-11-26T00:00:00Z: planned port\n");
        assertThat(text).contains("Accepted outputs (1):\n  web2  listening-ports  v2  accepted by carol at"
                + " 2026-11-26T06:00:00Z: reviewed\n");
        assertThat(text).contains("Unacknowledged alerts (1):\n  2026-11-28T00:00:00Z  c-web1  web1  rule 199100");
    }

    @Test
    void csvCountsEqualTheWeek() {
        List<String> rows = report("--format", "csv").out().lines().toList();

        assertThat(rows.get(0)).isEqualTo(ReportCsv.HEADER);
        assertThat(rows).contains("hosts_expected,web,,,,,,,3,,,,,", "hosts_polled,web,,,,,,,3,,,,,",
                "coverage_percent,web,,,,,,,100.0,,,,,", "failing_episodes,web,,,,,,,1,,,,,",
                "unacked_alerts,web,,,,,,,1,,,,,", "checks,web,,listening-ports,,,,,82,,,,,",
                "alerts_by_rule,web,,,199100,7,,,2,,,,,",
                "hosts_expected,db,,,,,,,2,,,,,", "hosts_polled,db,,,,,,,1,,,,,",
                "coverage_percent,db,,,,,,,50.0,,,,,", "never_polled,db,db2,,,,,,,,,,,", "checks,db,,users,,,,,14,,,,,",
                "stale_episodes,db,,,,,,,1,,,,,",
                "hosts_expected,total,,,,,,,5,,,,,", "hosts_polled,total,,,,,,,4,,,,,",
                "coverage_percent,total,,,,,,,80.0,,,,,", "checks,total,,listening-ports,,,,,96,,,,,",
                "checks,total,,users,,,,,14,,,,,", "failing_episodes,total,,,,,,,2,,,,,",
                "stale_episodes,total,,,,,,,1,,,,,", "unacked_alerts,total,,,,,,,1,,,,,",
                "failing_episode,,web3,,,,2026-11-24T12:00:00Z,2026-11-25T00:00:00Z,43200,,,,connection refused,",
                "ack,,,,,,2026-11-26T00:00:00Z,,,alice,planned port,c-web2,,",
                "accept,,web2,listening-ports,,,2026-11-26T06:00:00Z,,2,carol,reviewed,sha256:"
                        + rows.stream().filter(r -> r.startsWith("accept,")).findFirst().orElseThrow()
                        .replaceFirst(".*sha256:", "").replaceFirst(",,$", "") + ",,");
        assertThat(rows).allSatisfy(row -> assertThat(row.split(",", -1)).hasSize(14));
        assertThat(rows.stream().filter(r -> r.startsWith("alert,"))).hasSize(3);
        assertThat(rows.stream().filter(r -> r.startsWith("unacked,"))).singleElement().asString().contains("c-web1");
    }

    @Test
    void jsonCountsEqualTheWeek() {
        String json = report("--format", "json").out();

        assertThat(json).startsWith("{\"since\":\"2026-11-23T00:00:00Z\",\"until\":\"2026-11-30T00:00:00Z\"");
        assertThat(json).contains("{\"name\":\"web\",\"hosts_expected\":3,\"hosts_polled\":3,\"coverage_percent\":100.0,"
                + "\"never_polled\":[],\"checks\":{\"listening-ports\":82},\"alerts_by_rule\":[{\"rule_id\":199100,"
                + "\"level\":7,\"alerts\":2}],\"failing_episodes\":1,\"stale_episodes\":0,\"unacked_alerts\":1}");
        assertThat(json).contains("{\"name\":\"db\",\"hosts_expected\":2,\"hosts_polled\":1,\"coverage_percent\":50.0,"
                + "\"never_polled\":[\"db2\"],\"checks\":{\"listening-ports\":14,\"users\":14},\"alerts_by_rule\":"
                + "[{\"rule_id\":199003,\"level\":10,\"alerts\":1}],\"failing_episodes\":1,\"stale_episodes\":1,"
                + "\"unacked_alerts\":0}");
        assertThat(json).contains("\"total\":{\"name\":\"total\",\"hosts_expected\":5,\"hosts_polled\":4,"
                + "\"coverage_percent\":80.0,\"never_polled\":[\"db2\"],\"checks\":{\"listening-ports\":96,\"users\":14},"
                + "\"alerts_by_rule\":[{\"rule_id\":199003,\"level\":10,\"alerts\":1},{\"rule_id\":199100,\"level\":7,"
                + "\"alerts\":2}],\"failing_episodes\":2,\"stale_episodes\":1,\"unacked_alerts\":1}");
        assertThat(json).contains("{\"host\":\"web3\",\"kind\":\"failing\",\"start\":\"2026-11-24T12:00:00Z\","
                + "\"end\":\"2026-11-25T00:00:00Z\",\"duration_seconds\":43200,\"reason\":\"connection refused\"}");
        assertThat(json).contains("\"acks\":[{\"alert_id\":\"s-db2\",\"by\":\"bob\"")
                .contains("{\"alert_id\":\"c-web2\",\"by\":\"alice\",\"at\":\"2026-11-26T00:00:00Z\","
                        + "\"note\":\"planned port\"}");
        assertThat(json).contains("\"unacked\":[\"c-web1\"]}");
        assertThat(json).contains("\"diff_command\":\"fleetdiff diff --host web2 --command listening-ports --from 1"
                + " --to 2\"");
    }

    @Test
    void outFileIsPrivateAndWhole() throws Exception {
        Path out = dir.resolve("week.json");

        report("--format", "json", "--out", out.toString());

        assertThat(Files.readString(out)).startsWith("{\"since\":").endsWith("}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }

    @Test
    void oneGroupOnly() {
        String text = report("--group", "db").out();

        assertThat(text).containsPattern("\ndb +2 +1 +50\\.0%").containsPattern("\ntotal +2 +1 +50\\.0%")
                .doesNotContain("web3");
    }
}
