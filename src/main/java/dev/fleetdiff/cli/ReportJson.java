package dev.fleetdiff.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetdiff.audit.ChangeLine;
import dev.fleetdiff.audit.Episode;
import dev.fleetdiff.audit.Report;
import dev.fleetdiff.audit.Section;
import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.Ack;
import java.io.IOException;
import java.util.Locale;

/** {@code report --format json}: the report as one JSON object with the same counts and lists as the text. */
final class ReportJson {
    private ReportJson() {
    }

    static String of(Report report) {
        return TerminalJson.text(json -> {
            json.writeStartObject();
            json.writeStringField("since", report.since().toString());
            json.writeStringField("until", report.until().toString());
            json.writeArrayFieldStart("groups");
            for (Section s : report.groups()) {
                section(json, s);
            }
            json.writeEndArray();
            json.writeFieldName("total");
            section(json, report.total());
            json.writeArrayFieldStart("alerts");
            for (ChangeLine c : report.changes()) {
                alert(json, c);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("episodes");
            for (Episode e : report.episodes()) {
                json.writeStartObject();
                json.writeStringField("host", e.host());
                json.writeStringField("kind", e.kind().name().toLowerCase(Locale.ROOT));
                json.writeStringField("start", e.start().toString());
                if (e.end().isPresent()) {
                    json.writeStringField("end", e.end().get().toString());
                }
                json.writeNumberField("duration_seconds", e.duration().toSeconds());
                json.writeStringField("reason", e.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("acks");
            for (Ack a : report.acks()) {
                json.writeStartObject();
                json.writeStringField("alert_id", a.alertId());
                json.writeStringField("by", a.by());
                json.writeStringField("at", a.at().toString());
                if (a.note().isPresent()) {
                    json.writeStringField("note", a.note().get());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("accepts");
            for (Acceptance a : report.accepts()) {
                json.writeStartObject();
                json.writeStringField("host", a.host());
                json.writeStringField("command", a.command());
                json.writeNumberField("version", a.version());
                json.writeStringField("hash", "sha256:" + a.hash());
                json.writeStringField("by", a.by());
                json.writeStringField("at", a.at().toString());
                if (a.note().isPresent()) {
                    json.writeStringField("note", a.note().get());
                }
                json.writeBooleanField("automatic", a.automatic());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("unacked");
            for (ChangeLine c : report.unacked()) {
                json.writeString(c.id());
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void section(JsonGenerator json, Section s) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", s.name());
        json.writeNumberField("hosts_expected", s.expected());
        json.writeNumberField("hosts_polled", s.polled());
        json.writeNumberField("coverage_percent", s.coverage());
        json.writeArrayFieldStart("never_polled");
        for (String host : s.neverPolled()) {
            json.writeString(host);
        }
        json.writeEndArray();
        json.writeObjectFieldStart("checks");
        for (var entry : s.checks().entrySet()) {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("alerts_by_rule");
        for (Section.RuleCount r : s.changes()) {
            json.writeStartObject();
            json.writeNumberField("rule_id", r.rule());
            json.writeNumberField("level", r.level());
            json.writeNumberField("alerts", r.alerts());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("failing_episodes", s.failing());
        json.writeNumberField("stale_episodes", s.stale());
        json.writeNumberField("unacked_alerts", s.unacked());
        json.writeEndObject();
    }

    private static void alert(JsonGenerator json, ChangeLine c) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", c.id());
        json.writeStringField("time", c.time().toString());
        json.writeStringField("host", c.host());
        json.writeStringField("command", c.command());
        json.writeNumberField("rule_id", c.rule());
        json.writeNumberField("level", c.level());
        json.writeStringField("description", c.description());
        json.writeBooleanField("acked", c.acked());
        if (!c.diffCommand().isEmpty()) {
            json.writeStringField("diff_command", c.diffCommand());
        }
        json.writeEndObject();
    }
}
