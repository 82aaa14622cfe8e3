package dev.fleetdiff.audit;

import dev.fleetdiff.config.Units;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.Ack;
import dev.fleetdiff.text.ShownText;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code report --format text}: the report for a terminal, every value from a host or reviewer sanitized. */
public final class ReportText {
    private ReportText() {
    }

    /** The report as text, every value from a host or reviewer sanitized. */
    public static String of(Report report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("fleetdiff report %s to %s (%s)%n%n", report.since().truncatedTo(ChronoUnit.SECONDS),
                report.until().truncatedTo(ChronoUnit.SECONDS), Units.text(report.length())));
        text.append(String.format("%-20s %9s %7s %9s %8s %6s %8s%n", "group", "expected", "polled", "coverage",
                "failing", "stale", "unacked"));
        List<Section> sections = new ArrayList<>(report.groups());
        sections.add(report.total());
        for (Section s : sections) {
            text.append(String.format(Locale.ROOT, "%-20s %9d %7d %8.1f%% %8d %6d %8d%n", ShownText.line(s.name()),
                    s.expected(), s.polled(), s.coverage(), s.failing(), s.stale(), s.unacked()));
        }
        heading(text, "Not polled successfully");
        for (Section s : report.groups()) {
            if (!s.neverPolled().isEmpty()) {
                text.append("  ").append(ShownText.line(s.name())).append(": ")
                        .append(ShownText.line(String.join(", ", s.neverPolled()))).append('\n');
            }
        }
        if (report.total().neverPolled().isEmpty()) {
            text.append("  none\n");
        }
        heading(text, "Checks run per command");
        for (Section s : sections) {
            s.checks().forEach((command, n) -> text.append(String.format("  %-20s %-30s %d%n",
                    ShownText.line(s.name()), ShownText.line(command), n)));
        }
        heading(text, "Alerts by rule and level");
        for (Section s : sections) {
            s.changes().forEach(r -> text.append(String.format("  %-20s rule %d level %d: %d%n",
                    ShownText.line(s.name()), r.rule(), r.level(), r.alerts())));
        }
        heading(text, "Alerts (" + report.changes().size() + ")");
        for (ChangeLine c : report.changes()) {
            text.append(String.format("  %s  %s  %s  %s  rule %d level %d  %s  %s%n", c.time(), ShownText.line(c.id()),
                    ShownText.line(c.host()), c.command().isEmpty() ? "-" : ShownText.line(c.command()), c.rule(),
                    c.level(), c.acked() ? "acked" : "UNACKED", ShownText.line(c.description())));
            if (!c.diffCommand().isEmpty()) {
                text.append("      ").append(ShownText.line(c.diffCommand())).append('\n');
            }
        }
        heading(text, "Failing and stale episodes (" + report.episodes().size() + ")");
        for (Episode e : report.episodes()) {
            text.append(String.format("  %s  %s  %s -> %s  %s  %s%n", ShownText.line(e.host()),
                    e.kind().name().toLowerCase(Locale.ROOT), e.start(),
                    e.end().map(Object::toString).orElse("ongoing"), Units.text(e.duration()),
                    ShownText.line(e.reason())));
        }
        heading(text, "Acks (" + report.acks().size() + ")");
        for (Ack a : report.acks()) {
            text.append("  ").append(ShownText.line(a.alertId())).append("  ").append(ackLine(a))
                    .append('\n');
        }
        heading(text, "Accepted outputs (" + report.accepts().size() + ")");
        for (Acceptance a : report.accepts()) {
            text.append(String.format("  %s  %s  v%d  accepted by %s at %s%s%n", ShownText.line(a.host()),
                    ShownText.line(a.command()), a.version(), ShownText.line(a.by()), a.at(),
                    a.note().map(n -> ": " + ShownText.line(n)).orElse("")));
        }
        heading(text, "Unacknowledged alerts (" + report.unacked().size() + ")");
        for (ChangeLine c : report.unacked()) {
            text.append(String.format("  %s  %s  %s  rule %d level %d  %s%n", c.time(), ShownText.line(c.id()),
                    ShownText.line(c.host()), c.rule(), c.level(), ShownText.line(c.description())));
        }
        return text.toString();
    }

    /** Who acked, when and why, on one line. */
    public static String ackLine(Ack ack) {
        return "acked by " + ShownText.line(ack.by()) + " at " + ack.at()
                + ack.note().map(n -> ": " + ShownText.line(n)).orElse("");
    }

    private static void heading(StringBuilder text, String title) {
        text.append('\n').append(title).append(":\n");
    }
}
