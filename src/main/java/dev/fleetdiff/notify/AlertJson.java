package dev.fleetdiff.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetdiff.rules.Alert;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;

/** One alert as one line of JSON with DESIGN §2's field names. */
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
        json.writeStringField("output", alert.output());
        json.writeStringField("previous_output", alert.previousOutput());
        json.writeStringField("diff", alert.diff());
        json.writeArrayFieldStart("groups");
        for (String group : alert.groups()) {
            json.writeString(group);
        }
        json.writeEndArray();
    }
}
