package dev.fleetdiff.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of alerts.jsonl as tests read it back: the DESIGN §2 fields a test asserts on.
 *
 * @param fields every field of the line, as text (numbers too), arrays left out
 */
public record LoggedAlert(String id, String host, String command, int ruleId, int level, String output,
                          String previousOutput, String diff, Map<String, String> fields) {
    private static final JsonFactory JSON = new JsonFactory();

    public LoggedAlert {
        fields = Map.copyOf(fields);
    }

    /** Every alert in the file, in order; none if the file does not exist. A line that is not one JSON object fails. */
    public static List<LoggedAlert> readAll(Path alertsLog) {
        if (!Files.exists(alertsLog)) {
            return List.of();
        }
        try {
            List<LoggedAlert> alerts = new ArrayList<>();
            int number = 0;
            for (String line : Files.readAllLines(alertsLog, UTF_8)) {
                number++;
                alerts.add(parse(line, alertsLog + ":" + number));
            }
            return alerts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LoggedAlert parse(String line, String where) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException(where + ": expected one JSON object, got: " + line);
            }
            for (JsonToken token = json.nextToken(); token == JsonToken.FIELD_NAME; token = json.nextToken()) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (value.isStructStart()) {
                    json.skipChildren();
                } else {
                    fields.put(name, json.getValueAsString());
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw new IllegalStateException(where + ": the line does not hold exactly one JSON object: " + line);
            }
        }
        return new LoggedAlert(fields.get("id"), fields.get("host"), fields.get("command"),
                Integer.parseInt(fields.getOrDefault("rule_id", "-1")), Integer.parseInt(fields.getOrDefault("level", "-1")),
                fields.get("output"), fields.get("previous_output"), fields.get("diff"), fields);
    }
}
