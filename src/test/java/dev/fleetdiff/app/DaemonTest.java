package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.rules.RulesException;
import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.jdbc.JdbcStore;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.LogCapture;
import dev.fleetdiff.testing.LoggedAlert;
import dev.fleetdiff.testing.Reply;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run daemon on in-process hosts: polls on schedule over one connection per poll, reloads, stops cleanly. */
class DaemonTest {
    static final String PORTS_COMMAND = "netstat -tan";
    /** Bounds every wait of this test. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final List<FakeHost> hosts = new ArrayList<>();
    ClientKey key;

    @AfterEach
    void stopHosts() {
        hosts.forEach(FakeHost::close);
    }

    private Path config(int count, String schedule) throws Exception {
        if (key == null) {
            key = ClientKey.ed25519(dir);
        }
        while (hosts.size() < count) {
            FakeHost host = FakeHost.start(key.publicKey()).reply("uname", Reply.ok("Linux\n"))
                    .reply("id", Reply.ok("uid=0\n"));
            host.addTo(dir.resolve("known_hosts"));
            hosts.add(host);
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append("      - { name: h").append(i).append(", address: 127.0.0.1, port: ")
                    .append(hosts.get(i).port()).append(" }\n");
        }
        Path file = dir.resolve("hosts.yaml");
        Files.writeString(file, """
                settings:
                  known_hosts: known_hosts
                  rules: builtin
                defaults:
                  identity: %s
                  schedule: "%s"
                commands:
                  uname: { run: uname }
                  id: { run: id }
                groups:
                  all:
                    commands: [uname, id]
                    hosts:
                %s""".formatted(key.privateKeyFile(), schedule, list));
        return file;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within " + PATIENCE).isLessThan(end);
            Thread.sleep(50);
        }
    }

    @Test
    void pollsEveryHostOnScheduleWithOneConnectionForItsDueCommands() throws Exception {
        FleetConfig config = YamlConfigLoader.load(config(3, "* * * * * ?"));
        Fleetdiff app = Fleetdiff.open(config);
        Daemon daemon = new Daemon(app);
        List<String> logged;
        try (LogCapture log = LogCapture.ofInfo(Daemon.class)) {
            daemon.start();
            waitFor(() -> hosts.stream().allMatch(h -> h.connections() >= 3));
            daemon.close();
            daemon.awaitStop();
            logged = log.infos();
        }

        assertThat(logged).as("one INFO line per poll of a host").anySatisfy(line -> assertThat(line)
                .matches("h0: polled 2 commands in \\d+ ms: 0 changed, 0 alerts"));

        for (FakeHost host : hosts) {
            assertThat(host.executed()).as("both commands ran on every poll, over one connection each")
                    .hasSize(2 * host.connections());
        }
        try (Fleetdiff reopened = Fleetdiff.open(config)) {
            assertThat(reopened.status()).hasSize(3).allSatisfy(s -> assertThat(s.result()).isEqualTo("ok"));
            assertThat(reopened.history("h0", "uname")).hasSize(1);
        }
    }

    @Test
    void reloadAddsAndRemovesHostsWithoutStopping() throws Exception {
        Path file = config(2, "* * * * * ?");
        Daemon daemon = new Daemon(Fleetdiff.open(YamlConfigLoader.load(file)));
        try {
            daemon.start();
            waitFor(() -> hosts.get(1).connections() >= 1);
            assertThat(daemon.scheduledHosts()).isEqualTo(2);

            daemon.reload(YamlConfigLoader.load(config(1, "* * * * * ?")));
            assertThat(daemon.scheduledHosts()).isEqualTo(1);
            int removedPolls = hosts.get(1).connections();
            int keptPolls = hosts.get(0).connections();
            waitFor(() -> hosts.get(0).connections() >= keptPolls + 2);
            assertThat(hosts.get(1).connections()).as("a removed host is no longer polled")
                    .isLessThanOrEqualTo(removedPolls + 1);
        } finally {
            daemon.close();
        }
    }

    /** hosts.yaml for one host h0 running {@code ports} every second, with a rules folder and mail to {@code to}. */
    private Path ruledConfig(String concurrency, int smtpPort, String to) throws Exception {
        if (key == null) {
            key = ClientKey.ed25519(dir);
            FakeHost host = FakeHost.start(key.publicKey()).reply(PORTS_COMMAND, Reply.ok("tcp 22\n"));
            host.addTo(dir.resolve("known_hosts"));
            hosts.add(host);
        }
        Path file = dir.resolve("hosts.yaml");
        Files.writeString(file, """
                settings:
                  known_hosts: known_hosts
                  rules: rules
                  concurrency: %s
                  mail:
                    smtp_host: 127.0.0.1
                    smtp_port: %d
                    tls: none
                    from: fleetdiff@example.com
                    to: [%s]
                    batch_window: 0s
                    timeout: 5s
                defaults:
                  identity: %s
                  schedule: "* * * * * ?"
                commands:
                  ports: { run: "%s" }
                groups:
                  all:
                    commands: [ports]
                    hosts:
                      - { name: h0, address: 127.0.0.1, port: %d }
                """.formatted(concurrency, smtpPort, to, key.privateKeyFile(), PORTS_COMMAND, hosts.get(0).port()));
        return file;
    }

    /** A rules folder holding one check_diff rule for the ports command. */
    private void rules(int id, String description) throws Exception {
        writeRules("""
                <group name="local,">
                  <rule id="%d" level="7">
                    <if_sid>530</if_sid>
                    <command>ports</command>
                    <check_diff />
                    <description>%s</description>
                  </rule>
                </group>
                """.formatted(id, description));
    }

    private void writeRules(String xml) throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/local_rules.xml"), xml);
    }

    /** Changes h0's output and waits until the change is stored, with the alert it raised. */
    private void changePortsAndWait(Fleetdiff app, String output) throws Exception {
        int versions = app.history("h0", "ports").size();
        hosts.get(0).reply(PORTS_COMMAND, Reply.ok(output));
        waitFor(() -> app.history("h0", "ports").size() > versions);
    }

    private List<String> loggedAlerts() throws Exception {
        Path log = dir.resolve("alerts.jsonl");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void reloadPutsNewRulesAndMailSettingsInUseAndNamesTheSettingsThatNeedARestart() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        rules(100001, "Ports changed (old rule).");
        Fleetdiff app = Fleetdiff.open(YamlConfigLoader.load(
                ruledConfig("8", smtp.getSmtp().getPort(), "old@example.com")));
        Daemon daemon = new Daemon(app);
        try {
            daemon.start();
            waitFor(() -> app.history("h0", "ports").size() == 1);

            rules(100002, "Ports changed (new rule).");
            Path reloaded = ruledConfig("16", smtp.getSmtp().getPort(), "new@example.com");
            Reload reload = daemon.reload(YamlConfigLoader.load(reloaded));
            assertThat(reload.hosts()).isEqualTo(1);
            assertThat(reload.needRestart()).containsExactly("settings.concurrency");
            assertThat(daemon.reload(YamlConfigLoader.load(reloaded)).needRestart())
                    .as("the daemon still runs with the concurrency it started with")
                    .containsExactly("settings.concurrency");

            changePortsAndWait(app, "tcp 22\ntcp 4444\n");
            app.deliverPending(true);
            assertThat(loggedAlerts()).singleElement().satisfies(line -> assertThat(line)
                    .contains("\"rule_id\":100002").contains("Ports changed (new rule)."));
            waitFor(() -> smtp.getReceivedMessages().length >= 1);
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("new@example.com");
            assertThat(mail.getSubject()).contains("Ports changed (new rule).");
        } finally {
            daemon.close();
            smtp.stop();
        }
    }

    @Test
    void aReloadWithABrokenRuleFileKeepsHostsRulesAndMailAsTheyWere() throws Exception {
        rules(100001, "Ports changed (old rule).");
        Fleetdiff app = Fleetdiff.open(YamlConfigLoader.load(ruledConfig("8", 1, "old@example.com")));
        Daemon daemon = new Daemon(app);
        try {
            daemon.start();
            waitFor(() -> app.history("h0", "ports").size() == 1);

            writeRules("<group name=\"local,\"><rule id=\"100002\" level=\"7\"><no_such_element/></rule></group>");
            Path changed = ruledConfig("8", 2, "new@example.com");
            assertThatThrownBy(() -> daemon.reload(YamlConfigLoader.load(changed)))
                    .isInstanceOf(RulesException.class).hasMessageContaining("local_rules.xml");

            assertThat(app.config().settings().mail().orElseThrow().to()).containsExactly("old@example.com");
            assertThat(daemon.scheduledHosts()).isEqualTo(1);
            changePortsAndWait(app, "tcp 22\ntcp 4444\n");
            app.deliverPending(true);
            assertThat(loggedAlerts()).singleElement().satisfies(line -> assertThat(line)
                    .contains("\"rule_id\":100001"));
        } finally {
            daemon.close();
        }
    }

    @Test
    void aHostThatStopsAnsweringIsStaleOnceAndARestartDoesNotRepeatIt() throws Exception {
        Path file = config(2, "* * * * * ?");
        Files.writeString(file, Files.readString(file).replace("  schedule: \"* * * * * ?\"\n",
                "  schedule: \"* * * * * ?\"\n  stale_after: 3s\n  failure_alert_after: 1000\n"));
        FleetConfig config = YamlConfigLoader.load(file);
        Daemon daemon = new Daemon(Fleetdiff.open(config), Duration.ofMillis(500), Daemon.FIRST_PRUNE_AFTER);
        daemon.start();
        try {
            waitFor(() -> hosts.get(1).connections() >= 2);
            hosts.get(1).close();
            waitFor(() -> staleAlerts(config) == 1);
        } finally {
            daemon.close();
        }
        Daemon restarted = new Daemon(Fleetdiff.open(config), Duration.ofMillis(500), Daemon.FIRST_PRUNE_AFTER);
        restarted.start();
        try {
            Thread.sleep(3_000);
        } finally {
            restarted.close();
        }
        assertThat(staleAlerts(config)).as("the episode goes on across the restart: no second alert").isEqualTo(1);
        assertThat(LoggedAlert.readAll(config.settings().alertsLog())).filteredOn(a -> a.ruleId() == 199003)
                .singleElement().satisfies(a -> assertThat(a.host()).isEqualTo("h1"));
    }

    private static long staleAlerts(FleetConfig config) {
        Path log = config.settings().alertsLog();
        return Files.exists(log) ? LoggedAlert.readAll(log).stream().filter(a -> a.ruleId() == 199003).count() : 0;
    }

    @Test
    void aScheduleInTheFutureDoesNotPollAtStart() throws Exception {
        Daemon daemon = new Daemon(Fleetdiff.open(YamlConfigLoader.load(config(1, "0 0 0 1 1 ? 2099"))));
        try {
            daemon.start();
            Thread.sleep(1500);
            assertThat(hosts.get(0).connections()).isZero();
        } finally {
            daemon.close();
        }
    }

    @Test
    void retentionIsAppliedOnTheDaemonsTimer() throws Exception {
        Path file = config(1, "0 0 0 1 1 ? 2099");
        Files.writeString(file, Files.readString(file).replace("settings:\n",
                "settings:\n  retention: { keep_versions: 1, keep_days: 1 }\n"));
        Instant twoYearsAgo = Instant.now().minus(Duration.ofDays(730));
        try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("fleetdiff.db"))) {
            for (int i = 1; i <= 3; i++) {
                Instant at = twoYearsAgo.plus(Duration.ofDays(i));
                store.record(List.of(new PollRecord("h0", at, at, "ok", Optional.empty(), List.of(new OutputRecord(
                        "uname", "ok", Optional.of(0), "Linux " + i + "\n", false, Optional.empty())), List.of())));
            }
        }
        Fleetdiff app = Fleetdiff.open(YamlConfigLoader.load(file));
        Daemon daemon = new Daemon(app, Daemon.STALE_CHECK_INTERVAL, Duration.ZERO);
        try {
            daemon.start();
            waitFor(() -> app.history("h0", "uname").size() == 1);
            assertThat(app.history("h0", "uname").get(0).output()).isEqualTo("Linux 3\n");
        } finally {
            daemon.close();
        }
    }
}
