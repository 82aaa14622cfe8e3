package dev.fleetdiff.cli;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.store.jdbc.JdbcStore;
import dev.fleetdiff.testing.ClientKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A simulated week in a store, every event at a known time, and its hosts.yaml: groups web (web1-3) and db (db1-2).
 * web hosts are polled every 6 hours (28 polls), db1 every 12 hours (14 polls of two commands); web3 is unreachable
 * for two polls (a 12 h failing episode), db1's users command fails once (a 12 h failing episode), db2 is never
 * polled and goes stale a day in. web2 changes (alert c-web2, acked by alice, its output then accepted by carol),
 * web1 changes (alert c-web1, never acked), db2's stale alert is acked by bob. An alert and polls before the week
 * must not count.
 */
final class AuditWeek {
    static final Instant UNTIL = Instant.parse("2026-11-30T00:00:00Z");
    static final Instant SINCE = UNTIL.minus(Duration.ofDays(7));
    static final String PORTS = "listening-ports";
    static final String USERS = "users";
    static final Duration WEB_EVERY = Duration.ofHours(6);
    static final Duration DB_EVERY = Duration.ofHours(12);
    static final String BASE = "tcp 22\n";

    private AuditWeek() {
    }

    static Instant web(int k) {
        return SINCE.plus(WEB_EVERY.multipliedBy(k));
    }

    static Instant db(int k) {
        return SINCE.plus(DB_EVERY.multipliedBy(k));
    }

    /** Writes dir/fleetdiff.db with the week and dir/hosts.yaml naming its hosts; returns hosts.yaml. */
    static Path write(Path dir) throws IOException {
        try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("fleetdiff.db"))) {
            store.record(List.of(poll("web1", SINCE.minus(Duration.ofDays(2)), ok(PORTS, BASE))));
            store.record(List.of(withAlert(poll("web1", SINCE.minus(Duration.ofDays(1)), ok(PORTS, BASE)),
                    change("c-before", "web1", SINCE.minus(Duration.ofDays(1)), 1, 1))));
            for (int k = 0; k < 28; k++) {
                PollRecord web1 = poll("web1", web(k), ok(PORTS, k >= 20 ? BASE + "tcp 8080\n" : BASE));
                PollRecord web2 = poll("web2", web(k), ok(PORTS, k >= 10 ? BASE + "tcp 23\n" : BASE));
                store.record(List.of(k == 20 ? withAlert(web1, change("c-web1", "web1", web(k), 2, 1)) : web1));
                store.record(List.of(k == 10 ? withAlert(web2, change("c-web2", "web2", web(k), 2, 1)) : web2));
                store.record(List.of(k == 6 || k == 7
                        ? new PollRecord("web3", web(k), web(k).plusSeconds(10), "connection_refused",
                                Optional.of("connection refused"), List.of(), List.of())
                        : poll("web3", web(k), ok(PORTS, BASE))));
            }
            for (int k = 0; k < 14; k++) {
                OutputRecord users = k == 5
                        ? new OutputRecord(USERS, "failed", Optional.of(1), "", false, Optional.of("getent failed"))
                        : ok(USERS, "root\n");
                store.record(List.of(poll("db1", db(k), ok(PORTS, BASE), users)));
            }
            Alert stale = new Alert("s-db2", SINCE.plus(Duration.ofDays(1)), "db2", "", "", 199003, 10,
                    "No good poll of db2 for too long: the host is out of the audit (stale).", "", "", "",
                    List.of("fleetdiff", "host_health", "stale"), false, true);
            store.watch(List.of("db2"), SINCE.minus(Duration.ofDays(3)));
            store.markStale("db2", stale.time(), stale.time(), Optional.of(stale));
            store.ack(List.of("c-web2"), "alice", web(12), Optional.of("planned port"));
            store.ack(List.of("s-db2"), "bob", SINCE.plus(Duration.ofDays(2)), Optional.of("db2 decommissioned"));
            Version v2 = store.version("web2", PORTS, 2).orElseThrow();
            store.accept(new Acceptance("web2", PORTS, 2, v2.hash(), "carol", web(13), Optional.of("reviewed"),
                    false));
        }
        ClientKey key = ClientKey.ed25519(dir);
        Files.writeString(dir.resolve("known_hosts"), "");
        Path config = dir.resolve("hosts.yaml");
        Files.writeString(config, """
                settings:
                  known_hosts: known_hosts
                  rules: builtin
                defaults:
                  identity: %s
                commands:
                  listening-ports: { run: "netstat -tan" }
                  users: { run: "getent passwd" }
                groups:
                  web:
                    commands: [listening-ports]
                    hosts: [web1, web2, web3]
                  db:
                    commands: [listening-ports, users]
                    hosts: [db1, db2]
                """.formatted(key.privateKeyFile()));
        return config;
    }

    private static OutputRecord ok(String command, String output) {
        return new OutputRecord(command, "ok", Optional.of(0), output, false, Optional.empty());
    }

    private static PollRecord poll(String host, Instant started, OutputRecord... outputs) {
        Optional<String> error = List.of(outputs).stream().filter(o -> !o.ok()).map(o -> o.error().orElse(""))
                .findFirst();
        return new PollRecord(host, started, started.plusMillis(500), error.isEmpty() ? "ok" : "failed", error,
                List.of(outputs), List.of());
    }

    private static PollRecord withAlert(PollRecord poll, Alert alert) {
        return new PollRecord(poll.host(), poll.started(), poll.ended(), poll.result(), poll.error(), poll.outputs(),
                List.of(alert));
    }

    private static Alert change(String id, String host, Instant time, int version, int previous) {
        return new Alert(id, time, host, PORTS, "netstat -tan", 199100, 7, "Output of listening-ports changed.",
                "x", "y", "+x\n", List.of("fleetdiff"), false, true, 1, 1, 3, version, previous);
    }
}
