package dev.fleetdiff.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.text.HostBytes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;

/**
 * One alert as one line of JSON with DESIGN §2's field names; bytes that were not UTF-8 are written {@code \xNN}. Output, previous output and diff hold at most
 * {@link AlertText#MAX_CHARS} characters each and end with a note when cut; {@code *_truncated} and {@code *_chars}
 * say so for programs, and {@code version} / {@code previous_version} name the stored versions that hold all of it.
 */
public final class AlertJson {
    private static final JsonFactory JSON = new JsonFactory();

    private AlertJson() {
    }

    /** The alert as a single JSON object on one line (no trailing newline). */
    public static String line(Alert alert) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields(json, alert);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the alert's fields into the JSON object the generator is in, for views that add fields of their own. */
    public static void fields(JsonGenerator json, Alert alert) throws IOException {
        json.writeStringField("id", alert.id());
        json.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(alert.time()));
        json.writeStringField("host", alert.host());
        json.writeStringField("command", alert.command());
        json.writeStringField("command_line", alert.commandLine());
        json.writeNumberField("rule_id", alert.ruleId());
        json.writeNumberField("level", alert.level());
        json.writeStringField("description", alert.description());
        text(json, "output", alert.output(), alert.outputChars(), alert);
        text(json, "previous_output", alert.previousOutput(), alert.previousOutputChars(), alert);
        text(json, "diff", alert.diff(), alert.diffChars(), alert);
        json.writeArrayFieldStart("groups");
        for (String group : alert.groups()) {
            json.writeString(group);
        }
        json.writeEndArray();
        if (alert.version() > 0) {
            json.writeNumberField("version", alert.version());
        }
        if (alert.previousVersion() > 0) {
            json.writeNumberField("previous_version", alert.previousVersion());
        }
    }

    private static void text(JsonGenerator json, String field, String kept, long wholeChars, Alert alert)
            throws IOException {
        json.writeStringField(field, HostBytes.escapeBytes(AlertText.shown(kept, wholeChars, AlertText.MAX_CHARS,
                alert)));
        if (AlertText.cut(kept, wholeChars, AlertText.MAX_CHARS)) {
            json.writeBooleanField(field + "_truncated", true);
            json.writeNumberField(field + "_chars", Math.max(wholeChars, kept.length()));
        }
    }
}
