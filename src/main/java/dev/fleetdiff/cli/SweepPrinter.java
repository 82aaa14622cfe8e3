package dev.fleetdiff.cli;

import dev.fleetdiff.app.CommandOutcome;
import dev.fleetdiff.app.HostOutcome;
import dev.fleetdiff.app.SweepReport;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.notify.AlertText;
import dev.fleetdiff.notify.NotificationText;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.text.ShownText;
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
    /**
     * Output, previous output and diff are each cut to this many characters on the console (the mail keeps
     * {@link NotificationText#SECTION_CHARS}): one alert stays under 30 KB, and the cut names the command that prints
     * all of it.
     */
    static final int CONSOLE_SECTION_CHARS = 8_000;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final ProgressBar bar;
    private boolean quiet;

    SweepPrinter(PrintWriter out, PrintWriter err, boolean json, int hosts) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.bar = !json && hosts > 1 && Terminal.interactive() ? new ProgressBarBuilder().setTaskName("poll")
                .setInitialMax(hosts).setStyle(ProgressBarStyle.ASCII).continuousUpdate().build() : null;
    }

    /** With {@code quiet}, each alert is one line (host, command, rule, level, description, how to see it). */
    SweepPrinter quiet(boolean quiet) {
        this.quiet = quiet;
        return this;
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
        report.mailError().ifPresent(error -> err.println("fleetdiff: mail delivery failed: "
                + ShownText.message(error) + "; the alerts stay in the outbox and go out with the next poll or run"));
        if (json) {
            out.flush();
            return;
        }
        NotificationText text = new NotificationText(ZoneId.systemDefault());
        for (HostOutcome host : report.hosts()) {
            if (dryRun) {
                dryRun(host);
                continue;
            }
            for (Alert alert : host.alerts()) {
                if (quiet) {
                    out.println(summary(alert));
                    continue;
                }
                out.println();
                out.print(text.render(alert, CONSOLE_SECTION_CHARS));
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

    /** A dry run stores nothing and raises nothing: each change once, as a diff, and the alerts it would raise. */
    private void dryRun(HostOutcome host) {
        for (CommandOutcome command : host.commands()) {
            if (!command.changed()) {
                continue;
            }
            Change change = command.change().orElseThrow();
            String diff = AlertText.shown(ShownText.text(change.diff()), change.diffChars(),
                    CONSOLE_SECTION_CHARS, "poll without --dry-run to store it, then run: "
                            + AlertText.diffCommand(host.host(), command.command()));
            out.print("\n" + ShownText.line(host.host()) + " " + ShownText.line(command.command())
                    + " would change:\n" + diff + (diff.endsWith("\n") ? "" : "\n"));
        }
        for (Alert alert : host.alerts()) {
            out.println("would raise: Rule " + alert.ruleId() + " (level " + alert.level() + ") -> \""
                    + ShownText.line(alert.description()) + "\"");
        }
    }

    /** One alert in a line: where, which rule at which level, what it says, and the command that shows it all. */
    static String summary(Alert alert) {
        String where = ShownText.line(alert.host())
                + (alert.command().isEmpty() ? "" : " " + ShownText.line(alert.command()));
        return "alert " + where + ": rule " + alert.ruleId() + " (level " + alert.level() + ") \""
                + ShownText.line(alert.description()) + "\"" + (alert.command().isEmpty() ? ""
                : "; see: " + AlertText.diffCommand(alert.host(), alert.command()));
    }

    /** One line per host: name, result, and what changed or why it failed. */
    static String line(HostOutcome outcome) {
        String name = ShownText.line(outcome.host());
        if (outcome.failed()) {
            return name + ": FAILED " + ShownText.line(outcome.failureReason().orElse("?"));
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
