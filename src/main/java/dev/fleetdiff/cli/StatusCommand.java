package dev.fleetdiff.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.HostState;
import dev.fleetdiff.app.NodeState;
import dev.fleetdiff.store.ClusterNode;
import dev.fleetdiff.store.HostStatus;
import dev.fleetdiff.store.OutboxCount;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.text.ShownText;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetdiff status}: per host its episode (ok, failing since, stale since), last good poll and its age, last
 * poll, failures in a row, pending and unacked alerts, and why it fails; then the outbox; then, in a cluster, each
 * node with its last check-in, its polls of the last ten minutes and whether it is alive.
 */
@Command(name = "status", description = "Show each host's state (ok, failing, stale), last good poll, failures and "
        + "pending alerts.")
final class StatusCommand extends FleetCommand {
    private static final String NODE_ROW = "%-32s %-40s %-24s %9s  %s%n";
    /** The period over which each cluster node's polls are counted. */
    static final Duration NODE_POLLS_PERIOD = Duration.ofMinutes(10);
    private static final String ROW = "%-24s %-24s %-18s %8s %8s %8s  %-36s %-24s %5s  %s%n";

    @Option(names = "--host", description = "Only this host (repeatable).")
    List<String> hosts = List.of();

    @Option(names = "--group", description = "Only hosts of this group.")
    Optional<String> group = Optional.empty();

    @Option(names = "--failing", description = "Only hosts whose polls are failing.")
    boolean failing;

    @Option(names = "--stale", description = "Only hosts without a good poll for their stale_after.")
    boolean stale;

    @Option(names = "--json", description = "One JSON object per host.")
    boolean json;

    @Override
    int run() throws Exception {
        try (Fleetdiff app = open()) {
            List<HostState> shown = app.hostStates().stream().filter(this::selected).toList();
            Instant now = app.now();
            Optional<List<NodeState>> nodes = app.clusterNodes(NODE_POLLS_PERIOD);
            if (json) {
                shown.forEach(state -> out().println(json(state, now)));
                nodes.ifPresent(list -> list.forEach(node -> out().println(json(node))));
                return ExitCodes.OK;
            }
            out().printf(ROW, "HOST", "LAST POLL", "RESULT", "FAILURES", "PENDING", "UNACKED", "STATE",
                    "LAST GOOD POLL", "AGE", "ERROR");
            for (HostState state : shown) {
                Optional<HostStatus> poll = state.lastPoll();
                out().printf(ROW, ShownText.line(state.host()),
                        poll.map(p -> p.lastEnded().toString()).orElse("never"),
                        poll.map(HostStatus::result).orElse("-"),
                        poll.map(p -> String.valueOf(p.consecutiveFailures())).orElse("-"),
                        poll.map(p -> String.valueOf(p.pendingAlerts())).orElse("-"), state.unackedAlerts(),
                        state.state() + state.troubleSince().map(t -> " since " + t).orElse(""),
                        state.lastGood().map(Instant::toString).orElse("never"),
                        state.lastGoodAge(now).map(StatusCommand::age).orElse("-"),
                        ShownText.line(poll.flatMap(HostStatus::error).orElse("")));
            }
            for (OutboxCount count : app.outbox()) {
                out().printf("outbox %s: %d pending, %d failing%s%n", count.channel(), count.pending(),
                        count.failing(), count.failed() == 0 ? "" : ", " + count.failed()
                                + " failed " + Store.MAX_ATTEMPTS + " times (retried daily; see the log for why)");
            }
            nodes.ifPresent(this::printNodes);
            return ExitCodes.OK;
        }
    }

    private void printNodes(List<NodeState> nodes) {
        out().printf(NODE_ROW, "NODE", "ADDRESS", "LAST CHECK-IN", "POLLS/" + NODE_POLLS_PERIOD.toMinutes() + "m",
                "STATE");
        for (NodeState state : nodes) {
            ClusterNode node = state.node();
            out().printf(NODE_ROW, ShownText.line(node.id()), ShownText.line(node.address()),
                    node.lastCheckin().map(Instant::toString).orElse("-"), node.polls(),
                    state.alive() ? "alive" : "DEAD");
        }
    }

    private boolean selected(HostState state) {
        return (hosts.isEmpty() || hosts.contains(state.host()))
                && group.map(g -> state.groups().contains(g)).orElse(true)
                && (!failing || state.failing()) && (!stale || state.stale());
    }

    /** A short age: 42s, 17m, 5h, 3d. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7_200) {
            return seconds / 60 + "m";
        }
        return seconds < 172_800 ? seconds / 3_600 + "h" : seconds / 86_400 + "d";
    }

    /** A node as one JSON line, told apart from the host lines by its "node" field. */
    private static String json(NodeState state) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = TerminalJson.FACTORY.createGenerator(text)) {
            ClusterNode node = state.node();
            out.writeStartObject();
            out.writeStringField("node", node.id());
            out.writeStringField("address", node.address());
            out.writeStringField("joined", node.joined().toString());
            if (node.lastCheckin().isPresent()) {
                out.writeStringField("last_checkin", node.lastCheckin().get().toString());
            }
            out.writeNumberField("polls", node.polls());
            out.writeNumberField("polls_period_seconds", NODE_POLLS_PERIOD.toSeconds());
            out.writeBooleanField("alive", state.alive());
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
        return text.toString();
    }

    private static String json(HostState state, Instant now) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = TerminalJson.FACTORY.createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("host", state.host());
            out.writeStringField("state", state.state());
            if (state.troubleSince().isPresent()) {
                out.writeStringField("since", state.troubleSince().get().toString());
            }
            if (state.lastGood().isPresent()) {
                out.writeStringField("last_good_poll", state.lastGood().get().toString());
                out.writeNumberField("last_good_age_seconds", state.lastGoodAge(now).orElseThrow().toSeconds());
            }
            if (state.lastPoll().isPresent()) {
                HostStatus poll = state.lastPoll().get();
                out.writeStringField("last_poll", poll.lastEnded().toString());
                out.writeStringField("result", poll.result());
                out.writeNumberField("failures", poll.consecutiveFailures());
                out.writeNumberField("pending_alerts", poll.pendingAlerts());
                if (poll.error().isPresent()) {
                    out.writeStringField("error", poll.error().get());
                }
            }
            out.writeNumberField("unacked_alerts", state.unackedAlerts());
            out.writeArrayFieldStart("groups");
            for (String group : state.groups()) {
                out.writeString(group);
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
        return text.toString();
    }
}
