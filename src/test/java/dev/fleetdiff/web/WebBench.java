package dev.fleetdiff.web;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.HealthAlerts;
import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.jdbc.JdbcStore;
import dev.fleetdiff.store.jdbc.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web view's benchmark (scripts/bench-web runs it): a store of N hosts (10,000 by default) written directly, on
 * SQLite and on embedded PostgreSQL, then the overview and fleet searches requested over loopback, each timed from the
 * request to the last byte of the answer (the server's whole work plus a loopback round trip).
 *
 * <p>Usage: {@code WebBench DIR [HOSTS] [ROUNDS] [sqlite|postgresql|both]}
 */
public final class WebBench {
    private static final int GROUPS = 20;
    private static final Pattern SERVER_TIMING = Pattern.compile("total;dur=([0-9.]+), cpu;dur=([0-9.]+)");
    private static final int BATCH = 500;
    private static final int WARM_UP = 10;
    private static final String BASE = """
            Proto Recv-Q Send-Q Local Address           Foreign Address         State
            tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN
            tcp        0      0 0.0.0.0:443             0.0.0.0:*               LISTEN
            tcp6       0      0 :::22                   :::*                    LISTEN
            """;
    private static final String OPEN_PORT = "tcp        0      0 0.0.0.0:23456           0.0.0.0:*               LISTEN\n";

    private WebBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String which = args.length > 3 ? args[3] : "both";
        Files.createDirectories(dir);
        if (!which.equals("postgresql")) {
            run("SQLite", "jdbc:sqlite:" + dir.resolve("bench.db").toAbsolutePath(), dir, hosts, rounds);
        }
        if (!which.equals("sqlite")) {
            try (PostgresServer postgres = PostgresServer.start()) {
                run("PostgreSQL", postgres.createDatabase("bench"), dir, hosts, rounds);
            }
        }
    }

    private static void run(String name, String url, Path dir, int hosts, int rounds) throws Exception {
        long started = System.nanoTime();
        fill(url, hosts);
        System.out.printf("%s: %d hosts written in %.1f s%n", name, hosts, (System.nanoTime() - started) / 1e9);
        Path config = config(dir, url, hosts);
        try (Fleetdiff app = Fleetdiff.open(YamlConfigLoader.load(config));
             WebServer server = WebServer.start(app, WebFleet.http(), Map.of(), new FleetMetrics(app,
                     Optional::empty))) {
            String base = server.url();
            System.out.printf("%-52s %9s %9s %9s %14s %11s%n", name + " (ms over " + rounds + " requests)", "median",
                    "p95", "max", "server median", "server cpu");
            for (String page : List.of("", "?page=50", "?sort=age&desc=1&group=g07", "?sort=changes&desc=1&size=1000",
                    "api/hosts", "search?command=ports&q=%3A23456", "search?command=ports&regex=1&q=%3A2345%5B0-9%5D%5Cb",
                    "api/search?command=ports&q=LISTEN", "changes")) {
                measure(base + page, page.isEmpty() ? "/ (overview, page 1)" : "/" + page, rounds);
            }
        }
    }

    private static void measure(String url, String label, int rounds) throws Exception {
        double[] millis = new double[rounds];
        double[] server = new double[rounds];
        double[] cpu = new double[rounds];
        for (int i = -WARM_UP; i < rounds; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = WebFleet.get(url);
            long took = System.nanoTime() - t0;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
            }
            if (i >= 0) {
                millis[i] = took / 1e6;
                Matcher timing = SERVER_TIMING.matcher(response.headers().firstValue("Server-Timing").orElse(""));
                if (timing.matches()) {
                    server[i] = Double.parseDouble(timing.group(1));
                    cpu[i] = Double.parseDouble(timing.group(2));
                }
            }
        }
        Arrays.sort(millis);
        Arrays.sort(server);
        Arrays.sort(cpu);
        System.out.printf("%-52s %9.1f %9.1f %9.1f %14.1f %11.1f%n", label, millis[rounds / 2],
                millis[(int) Math.ceil(rounds * 0.95) - 1], millis[rounds - 1], server[rounds / 2], cpu[rounds / 2]);
    }

    /** Two polls per host: most print one output, 4% open port 23456, 1% print their own; 1% fail; 4% alert. */
    private static void fill(String url, int hosts) {
        Instant t0 = Instant.now().minusSeconds(3600);
        try (JdbcStore store = JdbcStore.open(url)) {
            for (int round = 0; round < 2; round++) {
                List<PollRecord> batch = new ArrayList<>();
                for (int i = 0; i < hosts; i++) {
                    batch.add(poll(host(i), i, round, t0.plusSeconds(round * 600L + i % 600)));
                    if (batch.size() == BATCH) {
                        store.record(batch);
                        batch.clear();
                    }
                }
                store.record(batch);
            }
        }
    }

    private static PollRecord poll(String host, int i, int round, Instant started) {
        Instant ended = started.plusMillis(300);
        HealthAlerts health = new HealthAlerts(3, Optional.empty(), Optional.empty());
        if (i % 100 == 99) {
            return new PollRecord(host, started, ended, "connection_refused", Optional.of("connection refused"),
                    List.of(), List.of(), Optional.of(health));
        }
        String output = i % 100 == 98 ? BASE + "tcp        0      0 0.0.0.0:" + (10_000 + i) + "  0.0.0.0:*  LISTEN\n"
                : round == 1 && i % 25 == 0 ? BASE + OPEN_PORT : BASE;
        List<Alert> alerts = round == 1 && i % 25 == 0 ? List.of(new Alert(UUID.randomUUID().toString(), ended, host,
                "ports", "netstat -tan", 140123, 7, "Listened ports have changed.", output, BASE, "+" + OPEN_PORT,
                List.of("local"), false, true)) : List.of();
        return new PollRecord(host, started, ended, PollRecord.OK, Optional.empty(), List.of(new OutputRecord("ports",
                "ok", Optional.of(0), output, false, Optional.empty())), alerts, Optional.of(health));
    }

    private static String host(int i) {
        return "host%05d".formatted(i);
    }

    private static Path config(Path dir, String url, int hosts) throws Exception {
        Path identity = dir.resolve("id_ed25519");
        if (!Files.exists(identity)) {
            Files.writeString(identity, "not a key: the benchmark never connects\n");
        }
        StringBuilder yaml = new StringBuilder("settings:\n  database: \"" + url + "\"\n  rules: builtin\n"
                + "  known_hosts: known_hosts\ndefaults:\n  identity: id_ed25519\ncommands:\n"
                + "  ports: { run: \"netstat -tan\" }\ngroups:\n");
        for (int g = 0; g < GROUPS; g++) {
            yaml.append("  g%02d:\n    commands: [ports]\n    hosts:\n".formatted(g));
            for (int i = g; i < hosts; i += GROUPS) {
                yaml.append("      - { name: ").append(host(i)).append(", address: 127.0.0.1 }\n");
            }
        }
        return Files.writeString(dir.resolve("hosts.yaml"), yaml);
    }
}
