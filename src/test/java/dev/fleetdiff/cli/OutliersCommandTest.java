package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outliers} on 50 in-process hosts: 3 listen on an extra port and 1 is down, so the store holds 46 alike, 3
 * alike and 1 failed; the command prints the three groups with their host ranges and the diff of the 3 against the 46,
 * in text and in JSON.
 */
class OutliersCommandTest {
    private static final String PORTS = """
            tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN
            tcp        0      0 0.0.0.0:443             0.0.0.0:*               LISTEN
            """;
    private static final String EXTRA = "tcp        0      0 0.0.0.0:31337           0.0.0.0:*               LISTEN\n";
    private static final Set<String> ODD = Set.of("web05", "web17", "web33");
    private static final String DOWN = "web50";

    @TempDir
    Path dir;
    CliFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private void pollFiftyHosts() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            names.add(String.format("web%02d", i));
        }
        fleet = new CliFleet(dir, "", names.toArray(String[]::new));
        for (String name : names) {
            fleet.reply(name, ODD.contains(name) ? PORTS + EXTRA : PORTS);
        }
        fleet.hosts.get(DOWN).close();
        CliFleet.Run poll = fleet.run("poll", "--all");
        assertThat(poll.exit()).as(poll.out() + poll.err()).isEqualTo(ExitCodes.HOST_FAILED);
    }

    @Test
    void fortySixThreeAndOneWithRangesAndTheDiffOfTheThree() {
        pollFiftyHosts();

        CliFleet.Run run = fleet.run("outliers", "--command", "listening-ports");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.CHANGED);
        String out = run.out();
        assertThat(out).startsWith("listening-ports: 50 hosts in 3 groups\n");
        assertThat(out).contains("#1  46 hosts  output sha256:").contains("(largest)")
                .contains("    web[01-04,06-16,18-32,34-49]\n");
        assertThat(out).contains("#2  3 hosts  output sha256:").contains("    web[05,17,33]\n")
                .contains("    diff against #1 (");
        assertThat(out).contains("    +" + EXTRA.strip() + "\n");
        assertThat(out).as("the diff's sides are named after the hosts that stand for #1 and #2")
                .containsPattern("\n    --- web(0[1-4]|0[6-9]|1[0-6]|1[8-9]|2[0-9]|3[0-2]|3[4-9]|4[0-9])/listening-ports\n"
                        + "    \\+\\+\\+ web(05|17|33)/listening-ports\n");
        assertThat(out).contains("#3  1 host  failed: ").contains("    web50\n");
        assertThat(out.indexOf("#1  46")).isLessThan(out.indexOf("#2  3")).isLessThan(out.indexOf("#3  1"));
        assertThat(out.lines().filter(l -> l.startsWith("    +") || l.startsWith("    -"))
                .filter(l -> !l.startsWith("    +++") && !l.startsWith("    ---")))
                .as("only the extra port differs").containsExactly("    +" + EXTRA.strip());
    }

    @Test
    void jsonCarriesTheSameGroups() {
        pollFiftyHosts();

        CliFleet.Run run = fleet.run("outliers", "--command", "listening-ports", "--json");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.CHANGED);
        String json = run.out();
        assertThat(json).startsWith("{\"command\":\"listening-ports\",\"hosts\":50,\"groups\":[");
        assertThat(json).contains("{\"kind\":\"output\",\"count\":46,\"ranges\":\"web[01-04,06-16,18-32,34-49]\"");
        assertThat(json).contains("{\"kind\":\"output\",\"count\":3,\"ranges\":\"web[05,17,33]\","
                + "\"hosts\":[\"web05\",\"web17\",\"web33\"],\"hash\":\"sha256:");
        assertThat(json).contains("\"diff\":\"").contains("\\n+" + EXTRA.strip() + "\\n");
        assertThat(json).contains("{\"kind\":\"failed\",\"count\":1,\"ranges\":\"web50\",\"hosts\":[\"web50\"]");
        assertThat(json.indexOf("\"count\":46")).isLessThan(json.indexOf("\"count\":3"))
                .isLessThan(json.indexOf("\"count\":1"));
    }

    @Test
    void failedHostsWithDifferentReasonsEachKeepTheirOwn() {
        fleet = new CliFleet(dir, "", "db1", "db2", "db3").reply("db1", PORTS);
        fleet.hosts.get("db3").reply(CliFleet.PORTS_COMMAND,
                dev.fleetdiff.testing.Reply.exit(2, "", "netstat: permission denied\n"));
        fleet.hosts.get("db2").close();
        fleet.run("poll", "--all");

        CliFleet.Run run = fleet.run("outliers", "--command", "listening-ports");

        assertThat(run.out()).contains("#2  2 hosts  failed: db2: ").contains("; db3: ")
                .contains("refused").contains("netstat: permission denied");
    }

    @Test
    void oneGroupWhenEveryHostAgreesExitsZero() {
        fleet = new CliFleet(dir, "", "db1", "db2").reply("db1", PORTS).reply("db2", PORTS);
        fleet.run("poll", "--all");

        CliFleet.Run run = fleet.run("outliers", "--command", "listening-ports", "--host", "db1", "--host", "db2");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("2 hosts in 1 groups").contains("    db[1-2]\n").doesNotContain("diff");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        fleet = new CliFleet(dir, "", "db1");

        CliFleet.Run run = fleet.run("outliers", "--command", "nope");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown command 'nope'; known commands: listening-ports");
    }
}
