package dev.fleetdiff.cli;

import dev.fleetdiff.audit.ChangeLine;
import dev.fleetdiff.audit.Episode;
import dev.fleetdiff.audit.Report;
import dev.fleetdiff.audit.Section;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.Ack;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code report --format csv}: one table (RFC 4180) whose first column says what a row counts or lists, so a
 * spreadsheet can filter it; a text cell that a spreadsheet would run as a formula is prefixed with an apostrophe.
 */
final class ReportCsv {
    static final String HEADER = "section,group,host,command,rule,level,time,end,count,by,note,id,text,diff_command";
    /** Cells in every row: each row has as many as the header. */
    private static final int COLUMNS = HEADER.split(",").length;

    private ReportCsv() {
    }

    static String of(Report report) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        List<Section> sections = new ArrayList<>(report.groups());
        sections.add(report.total());
        for (Section s : sections) {
            row(csv, "hosts_expected", s.name(), "", "", "", "", "", "", String.valueOf(s.expected()));
            row(csv, "hosts_polled", s.name(), "", "", "", "", "", "", String.valueOf(s.polled()));
            row(csv, "coverage_percent", s.name(), "", "", "", "", "", "",
                    String.format(Locale.ROOT, "%.1f", s.coverage()));
            row(csv, "failing_episodes", s.name(), "", "", "", "", "", "", String.valueOf(s.failing()));
            row(csv, "stale_episodes", s.name(), "", "", "", "", "", "", String.valueOf(s.stale()));
            row(csv, "unacked_alerts", s.name(), "", "", "", "", "", "", String.valueOf(s.unacked()));
            s.neverPolled().forEach(host -> row(csv, "never_polled", s.name(), host));
            s.checks().forEach((command, n) -> row(csv, "checks", s.name(), "", command, "", "", "", "",
                    String.valueOf(n)));
            s.changes().forEach(r -> row(csv, "alerts_by_rule", s.name(), "", "", String.valueOf(r.rule()),
                    String.valueOf(r.level()), "", "", String.valueOf(r.alerts())));
        }
        for (ChangeLine c : report.changes()) {
            row(csv, "alert", "", c.host(), c.command(), String.valueOf(c.rule()), String.valueOf(c.level()),
                    c.time().toString(), "", "", "", "", c.id(), c.description(), c.diffCommand());
        }
        for (Episode e : report.episodes()) {
            row(csv, e.kind().name().toLowerCase(Locale.ROOT) + "_episode", "", e.host(), "", "", "",
                    e.start().toString(), e.end().map(Object::toString).orElse(""),
                    String.valueOf(e.duration().toSeconds()), "", "", "", e.reason());
        }
        for (Ack a : report.acks()) {
            row(csv, "ack", "", "", "", "", "", a.at().toString(), "", "", a.by(), a.note().orElse(""), a.alertId());
        }
        for (Acceptance a : report.accepts()) {
            row(csv, "accept", "", a.host(), a.command(), "", "", a.at().toString(), "", String.valueOf(a.version()),
                    a.by(), a.note().orElse(""), "sha256:" + a.hash());
        }
        for (ChangeLine c : report.unacked()) {
            row(csv, "unacked", "", c.host(), c.command(), String.valueOf(c.rule()), String.valueOf(c.level()),
                    c.time().toString(), "", "", "", "", c.id(), c.description());
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, String... cells) {
        for (int i = 0; i < COLUMNS; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(i < cells.length ? cell(cells[i]) : "");
        }
        csv.append("\r\n");
    }

    /** One cell: quoted when it holds a comma, quote or line break; a would-be formula made plain text. */
    static String cell(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !text.matches("-?[0-9.]+")) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
