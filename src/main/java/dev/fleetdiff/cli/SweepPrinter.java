package dev.fleetdiff.cli;

import dev.fleetdiff.app.CommandOutcome;
import dev.fleetdiff.app.HostOutcome;
import dev.fleetdiff.app.SweepReport;
import dev.fleetdiff.notify.NotificationText;
import dev.fleetdiff.notify.TerminalText;
import dev.fleetdiff.rules.Alert;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Prints a poll as it goes: a progress bar on a terminal, a plain line per host otherwise, then each alert in the
 * notification layout with its diff, and a summary. Everything from hosts is made terminal-safe first.
 */
final class SweepPrinter {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final ProgressBar bar;

    SweepPrinter(PrintWriter out, PrintWriter err, boolean json, int hosts) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.bar = !json && hosts > 1 && Terminal.interactive() ? new ProgressBarBuilder().setTaskName("poll")
                .setInitialMax(hosts).setStyle(ProgressBarStyle.ASCII).continuousUpdate().build() : null;
    }

    synchronized void hostDone(HostOutcome outcome) {
        if (json) {
            out.println(SweepJson.host(outcome));
            out.flush();
        } else if (bar != null) {
            bar.step();
            if (outcome.failed()) {
                bar.setExtraMessage(outcome.host() + " failed");
            }
        } else {
            out.println(line(outcome));
            out.flush();
        }
    }

    void finish(SweepReport report, boolean dryRun) {
        if (bar != null) {
            bar.close();
        }
        if (json) {
            out.flush();
            return;
        }
        NotificationText text = new NotificationText(ZoneId.systemDefault());
        for (HostOutcome host : report.hosts()) {
            for (Alert alert : host.alerts()) {
                out.println();
                out.print(text.render(alert));
            }
            if (dryRun) {
                host.commands().stream().filter(CommandOutcome::changed).forEach(c -> out.print(
                        "\n" + TerminalText.oneLine(host.host()) + " " + c.command() + " would change:\n"
                                + TerminalText.safe(c.change().orElseThrow().diff())));
            }
        }
        if (bar != null) {
            report.hosts().stream().filter(HostOutcome::failed).forEach(h -> out.println(line(h)));
        }
        out.printf(Locale.ROOT, "%n%d hosts polled in %.1fs: %d changed, %d failed, %d alerts%s%n",
                report.hosts().size(), report.took().toMillis() / 1000.0, report.changedCount(),
                report.failedCount(), report.alertCount(), dryRun ? " (dry run: nothing stored)" : "");
        out.flush();
        err.flush();
    }

    /** One line per host: name, result, and what changed or why it failed. */
    static String line(HostOutcome outcome) {
        String name = TerminalText.oneLine(outcome.host());
        if (outcome.failed()) {
            return name + ": FAILED " + TerminalText.oneLine(outcome.failureReason().orElse("?"));
        }
        long changed = outcome.commands().stream().filter(CommandOutcome::changed).count();
        long baseline = outcome.commands().stream().filter(CommandOutcome::baseline).count();
        StringBuilder line = new StringBuilder(name).append(": ok, ").append(outcome.commands().size())
                .append(" commands");
        if (changed > 0) {
            line.append(", ").append(changed).append(" changed");
        }
        if (baseline > 0) {
            line.append(", ").append(baseline).append(" baseline");
        }
        long unaccepted = outcome.commands().stream().filter(CommandOutcome::unaccepted).count();
        if (unaccepted > 0) {
            line.append(", ").append(unaccepted).append(" unaccepted");
        }
        outcome.commands().stream().filter(c -> c.result().truncated())
                .forEach(c -> line.append(", ").append(c.command()).append(" truncated"));
        return line.toString();
    }
}
