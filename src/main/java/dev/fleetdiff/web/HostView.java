package dev.fleetdiff.web;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.CompareMode;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.notify.AlertText;
import dev.fleetdiff.store.CommandStatus;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.text.ShownText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One host: each of its commands with how the latest poll went, the current output, every stored version with when
 * it was first and last seen, and the diff between any two versions the viewer picks.
 */
record HostView(Chrome chrome, String host, String acceptAction, List<CommandView> commands) {
    /** Characters of a current output shown on the page; the rest is cut and marked. */
    static final int OUTPUT_CHARS = 64 * 1024;

    /** One command of the host. */
    record CommandView(String name, String run, String status, String polled, String error, String output,
                       List<VersionRow> versions, int from, int to, List<DiffLines.Line> diff) {
    }

    /** One stored version. */
    record VersionRow(int number, String hash, String firstSeen, String lastSeen, boolean truncated) {
    }

    static Optional<HostView> build(Fleetdiff app, String name, Request request, Chrome chrome) {
        Optional<Host> host = app.inventory().host(name);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> selected = request.get("command");
        List<CommandView> commands = new ArrayList<>();
        for (Command command : app.inventory().commandsOf(host.get())) {
            boolean chosen = selected.map(command.name()::equals).orElse(false);
            commands.add(command(app, name, command, chosen, request));
        }
        return Optional.of(new HostView(chrome, ShownText.line(name), "/hosts/" + Chrome.url(name) + "/accept",
                commands));
    }

    /** A command's view; the diff compares the versions the request picks if {@code chosen}, else the last two. */
    private static CommandView command(Fleetdiff app, String host, Command command, boolean chosen,
                                       Request request) {
        List<Version> versions = app.history(host, command.name());
        Optional<CommandStatus> status = app.lastOutcome(host, command.name());
        String output = versions.isEmpty() ? "" : versions.get(versions.size() - 1).output();
        String shown = ShownText.text(AlertText.head(output, OUTPUT_CHARS))
                + (output.length() > OUTPUT_CHARS ? "\n... (cut at " + OUTPUT_CHARS + " characters)" : "");
        int last = versions.size();
        int from = Math.max(1, last - 1);
        int to = last;
        if (chosen) {
            from = request.number("from", 1, Math.max(1, last)).orElse(from);
            to = request.number("to", 1, Math.max(1, last)).orElse(to);
        }
        List<DiffLines.Line> diff = List.of();
        if (last >= 2 && from != to) {
            String label = command.name();
            diff = DiffLines.unified(OutputComparer.compare(label, versions.get(from - 1).output(),
                    versions.get(to - 1).output(), CompareMode.LINES, List.of()).diff());
        }
        List<VersionRow> rows = versions.stream().map(v -> new VersionRow(v.number(), v.hash().substring(0, 12),
                Chrome.time(v.firstSeen()), Chrome.time(v.lastSeen()), v.truncated())).toList().reversed();
        return new CommandView(command.name(), ShownText.line(command.run()), status.map(CommandStatus::status)
                .orElse("never polled"), Chrome.time(status.map(CommandStatus::polled)),
                ShownText.line(status.flatMap(CommandStatus::error).orElse("")), shown, rows, from, to, diff);
    }
}
