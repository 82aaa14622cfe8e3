package dev.fleetdiff.store.jdbc;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.PollRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Polls, outcomes and alerts as the poll pipeline would hand them to the store, for the store's tests. */
final class Polls {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String PORTS = "listening-ports";

    private Polls() {
    }

    static OutputRecord ok(String command, String output) {
        return new OutputRecord(command, "ok", Optional.of(0), output, false, Optional.empty());
    }

    /** An output compared with version {@code comparedWith} of its command (0: none stored), as the pipeline sends. */
    static OutputRecord ok(String command, String output, int comparedWith) {
        return new OutputRecord(command, "ok", Optional.of(0), output, false, Optional.empty(),
                Optional.of(comparedWith));
    }

    static OutputRecord failed(String command, int exitStatus, String error) {
        return new OutputRecord(command, "failed", Optional.of(exitStatus), "", false, Optional.of(error));
    }

    static Instant ended(Instant started) {
        return started.plusMillis(250);
    }

    static PollRecord poll(String host, Instant started, OutputRecord... outputs) {
        Optional<String> error = List.of(outputs).stream().filter(o -> !o.ok()).map(o -> o.error().orElse(""))
                .findFirst();
        return new PollRecord(host, started, ended(started), error.isEmpty() ? "ok" : "failed", error,
                List.of(outputs), List.of());
    }

    static PollRecord unreachable(String host, Instant started, String error) {
        return new PollRecord(host, started, started.plusSeconds(10), "connection_refused", Optional.of(error),
                List.of(), List.of());
    }

    static PollRecord withAlerts(PollRecord poll, Alert... alerts) {
        return new PollRecord(poll.host(), poll.started(), poll.ended(), poll.result(), poll.error(), poll.outputs(),
                List.of(alerts));
    }

    /** A logged alert about the change from {@code previousVersion} to {@code version} of PORTS on the host. */
    static Alert alertOn(String id, String host, Instant time, int version, int previousVersion) {
        Alert a = alert(id, host, time, false, true);
        return new Alert(a.id(), a.time(), a.host(), a.command(), a.commandLine(), a.ruleId(), a.level(),
                a.description(), a.output(), a.previousOutput(), a.diff(), a.groups(), a.email(), a.log(),
                a.output().length(), a.previousOutput().length(), a.diff().length(), version, previousVersion);
    }

    static Alert alert(String id, String host, Instant time, boolean email, boolean log) {
        return new Alert(id, time, host, PORTS, "netstat -tan | grep LISTEN", 140123, 7,
                "Listened ports have changed.", "ossec: output: 'netstat':\ntcp 4444\n",
                "ossec: output: 'netstat':\ntcp 22\n", "-tcp 22\n+tcp 4444\n", List.of("local", "ossec"), email, log);
    }
}
