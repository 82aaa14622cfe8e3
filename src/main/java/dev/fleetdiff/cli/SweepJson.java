package dev.fleetdiff.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetdiff.app.CommandOutcome;
import dev.fleetdiff.app.HostOutcome;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.notify.AlertJson;
import dev.fleetdiff.notify.AlertText;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.text.HostBytes;
import java.util.Locale;

/** {@code poll --json}: one JSON object per host with its result, each command's outcome and its alerts. */
final class SweepJson {
    private SweepJson() {
    }

    static String host(HostOutcome outcome) {
        return TerminalJson.text(json -> {
            json.writeStartObject();
            json.writeStringField("host", outcome.host());
            json.writeStringField("result", outcome.failed() ? "failed" : "ok");
            if (outcome.failureReason().isPresent()) {
                json.writeStringField("error", outcome.failureReason().get());
            }
            json.writeArrayFieldStart("commands");
            for (CommandOutcome command : outcome.commands()) {
                json.writeStartObject();
                json.writeStringField("command", command.command());
                json.writeStringField("status", command.result().status().name().toLowerCase(Locale.ROOT));
                if (command.result().exitStatus().isPresent()) {
                    json.writeNumberField("exit_status", command.result().exitStatus().get());
                }
                json.writeBooleanField("baseline", command.baseline());
                json.writeBooleanField("changed", command.changed());
                json.writeBooleanField("unaccepted", command.unaccepted());
                json.writeBooleanField("truncated", command.result().truncated());
                if (command.changed()) {
                    Change change = command.change().orElseThrow();
                    String whole = "run: " + AlertText.diffCommand(outcome.host(), command.command());
                    json.writeStringField("diff", HostBytes.escapeBytes(AlertText.shown(change.diff(),
                            change.diffChars(), AlertText.MAX_CHARS, whole)));
                    if (AlertText.cut(change.diff(), change.diffChars(), AlertText.MAX_CHARS)) {
                        json.writeBooleanField("diff_truncated", true);
                        json.writeNumberField("diff_chars", change.diffChars());
                    }
                }
                if (command.result().error().isPresent()) {
                    json.writeStringField("error", command.result().error().get());
                }
                if (!command.result().ok() && !command.result().stderr().isEmpty()) {
                    json.writeStringField("stderr", command.result().stderr());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName("alerts");
            json.writeRawValue(alerts(outcome));
            json.writeEndObject();
        });
    }

    private static String alerts(HostOutcome outcome) {
        StringBuilder array = new StringBuilder("[");
        for (Alert alert : outcome.alerts()) {
            array.append(array.length() > 1 ? "," : "").append(AlertJson.line(alert));
        }
        return array.append(']').toString();
    }
}
