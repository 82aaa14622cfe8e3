package dev.fleetdiff.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.fleetdiff.cli.Main;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.jdbc.JdbcStore;
import dev.fleetdiff.store.jdbc.PostgresServer;
import dev.fleetdiff.testing.ClientKey;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code fleetdiff run} processes deliver one outbox of 200 alerts on PostgreSQL; the one mailing is killed with
 * SIGKILL while one of its mails is in flight (its relay holds back MAIL FROM); the other takes over the dead one's
 * alerts once their lease ends, and GreenMail receives each alert exactly once, counted by Message-ID.
 */
class OutboxTakeoverIT {
    private static final int ALERTS = 200;
    /** The MAIL FROM held back, so the kill falls mid-round with mails before it sent and recorded. */
    private static final int STALL_AT = 40;
    /** settings.mail.timeout of both nodes: the lease is 6 exchanges of it, the 30-second minimum. */
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(5);
    /** Bound of the whole run: JVM starts, the lease, the survivor's delivery interval, and a slow shared machine. */
    private static final Duration LIMIT = Duration.ofSeconds(180);
    /** How long the survivor keeps running after the last mail, for a duplicate to show up if there were one. */
    private static final Duration AFTER = Daemon.DELIVERY_INTERVAL.plusSeconds(2);
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aNodeKilledMidRoundLeavesItsAlertsToTheOtherAndEachIsMailedOnce() throws Exception {
        int smtpPort = freePort();
        // GreenMail logs every SMTP line at DEBUG, which slows 200 mails down for nothing
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.icegreen.greenmail"))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", "smtp"));
        AtomicBoolean once = new AtomicBoolean();
        List<Process> nodes = new ArrayList<>();
        greenMail.start();
        try (PostgresServer postgres = PostgresServer.start();
             StallingSmtpRelay relayA = StallingSmtpRelay.start(smtpPort, STALL_AT, once);
             StallingSmtpRelay relayB = StallingSmtpRelay.start(smtpPort, STALL_AT, once)) {
            String url = postgres.createDatabase("outbox");
            List<String> expected = pending(url);
            List<StallingSmtpRelay> relays = List.of(relayA, relayB);
            for (StallingSmtpRelay relay : relays) {
                nodes.add(startRun(node("node-" + nodes.size(), url, relay.port())));
            }
            long deadline = System.nanoTime() + LIMIT.toNanos();
            int killed = -1;
            while (killed < 0 && System.nanoTime() < deadline && nodes.stream().allMatch(Process::isAlive)) {
                for (int i = 0; i < relays.size() && killed < 0; i++) {
                    killed = relays.get(i).awaitStall(100) ? i : -1;
                }
            }
            assertThat(killed).as("a node reached its %dth mail; node output:%n%s", STALL_AT, outputs())
                    .isNotNegative();
            Process dead = nodes.get(killed);
            dead.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long killedAt = System.nanoTime();
            assertThat(dead.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            int atKill = greenMail.getReceivedMessages().length;

            while (greenMail.getReceivedMessages().length < ALERTS && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long takeover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            Thread.sleep(AFTER.toMillis());
            Process survivor = nodes.get(1 - killed);
            assertThat(survivor.isAlive()).as("the survivor is still running").isTrue();

            List<String> received = new ArrayList<>();
            for (MimeMessage mail : greenMail.getReceivedMessages()) {
                received.add(mail.getMessageID());
            }
            System.out.printf("OutboxTakeoverIT: node-%d killed with %d of %d mails received; %d received %d ms"
                    + " after the kill%n", killed, atKill, ALERTS, received.size(), takeover);
            assertThat(received).as("one mail per alert, none twice").containsExactlyInAnyOrderElementsOf(expected);
            assertThat(atKill).as("the kill fell mid-round").isBetween(STALL_AT - 1, ALERTS - 1);
            Map<String, Integer> perClaimant = deliveredPerClaimant(url);
            System.out.printf("OutboxTakeoverIT: delivered per claimant %s%n", perClaimant);
            assertThat(perClaimant).as("both nodes delivered, the survivor the rest").hasSize(2);
            assertThat(perClaimant.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(ALERTS);
        } finally {
            for (Process node : nodes) {
                node.destroy();
                if (!node.waitFor(30, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
            greenMail.stop();
        }
    }

    /** Writes 200 alerts for mail into a new store on the database, as polls would have; returns their Message-IDs. */
    private static List<String> pending(String url) {
        List<Alert> alerts = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            String id = String.format("alert-%03d", i);
            alerts.add(new Alert(id, T0.plusMillis(i), "web" + i, "ports", "netstat -tan", 140123, 10,
                    "Listened ports have changed.", "port " + i + " open\n", "", "+port " + i + " open\n",
                    List.of("local"), true, false));
            messageIds.add("<" + id + "@fleetdiff>");
        }
        try (JdbcStore store = JdbcStore.open(url)) {
            store.record(List.of(new PollRecord("web0", T0, T0, "ok", Optional.empty(), List.of(), alerts)));
        }
        return messageIds;
    }

    /** A node's folder with its hosts.yaml: the shared database, its own SMTP relay, one host never due. */
    private Path node(String name, String url, int smtpPort) throws Exception {
        Path folder = Files.createDirectory(dir.resolve(name));
        Files.createFile(folder.resolve("known_hosts"));
        Path yaml = folder.resolve("hosts.yaml");
        Files.writeString(yaml, """
                settings:
                  database: "%s"
                  rules: %s
                  known_hosts: known_hosts
                  mail: { smtp_host: 127.0.0.1, smtp_port: %d, tls: none, timeout: %ds, batch_window: 0s,
                          max_per_hour: 1000, from: fleetdiff@example.com, to: [secops@example.com] }
                defaults:
                  identity: %s
                  schedule: "0 0 0 1 1 ? 2099"
                commands:
                  ports: { run: "true" }
                groups:
                  idle:
                    commands: [ports]
                    hosts:
                      - { name: idle1, address: 127.0.0.1, port: 9 }
                """.formatted(url, Path.of("rules").toAbsolutePath(), smtpPort, MAIL_TIMEOUT.toSeconds(),
                ClientKey.ed25519(folder).privateKeyFile()), UTF_8);
        return yaml;
    }

    /** Starts {@code fleetdiff run} in its own JVM, its output in a file beside its hosts.yaml. */
    private static Process startRun(Path yaml) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--config", yaml.toString())
                .redirectErrorStream(true).redirectOutput(yaml.resolveSibling("run.out").toFile()).start();
    }

    /** What the nodes printed, for a failure message. */
    private String outputs() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.find(dir, 2, (file, attributes) -> file.endsWith("run.out"))) {
            for (Path file : files.sorted().toList()) {
                text.append("--- ").append(file.getParent().getFileName()).append('\n')
                        .append(Files.readString(file, UTF_8));
            }
        }
        return text.toString();
    }

    /** Mail deliveries marked sent, per claimant that marked them. */
    private static Map<String, Integer> deliveredPerClaimant(String url) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection db = DriverManager.getConnection(url); Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT claimed_by, COUNT(*) FROM deliveries"
                     + " WHERE channel = 'mail' AND status = 'sent' GROUP BY claimed_by")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        }
        return counts;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
