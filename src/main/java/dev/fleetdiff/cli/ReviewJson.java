package dev.fleetdiff.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetdiff.notify.AlertJson;
import dev.fleetdiff.store.Ack;
import dev.fleetdiff.store.ReviewedAlert;
import java.time.format.DateTimeFormatter;

/** {@code alerts --json}: one alert per line with alerts.jsonl's fields plus {@code acked} and its {@code acks}. */
final class ReviewJson {
    private ReviewJson() {
    }

    static String alert(ReviewedAlert reviewed) {
        return TerminalJson.text(json -> {
            json.writeStartObject();
            AlertJson.fields(json, reviewed.alert());
            json.writeBooleanField("acked", reviewed.acked());
            json.writeArrayFieldStart("acks");
            for (Ack ack : reviewed.acks()) {
                json.writeStartObject();
                json.writeStringField("by", ack.by());
                json.writeStringField("at", DateTimeFormatter.ISO_INSTANT.format(ack.at()));
                if (ack.note().isPresent()) {
                    json.writeStringField("note", ack.note().get());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
