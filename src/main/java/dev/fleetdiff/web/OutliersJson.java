package dev.fleetdiff.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetdiff.audit.OutputGroup;
import dev.fleetdiff.audit.Outliers;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The outliers of a command as one JSON object: command, hosts, groups (kind, count, ranges, hosts, hash, reason,
 * diff, diff_chars). {@code fleetdiff outliers --json} and {@code /api/outliers} print the same fields.
 */
public final class OutliersJson {
    private OutliersJson() {
    }

    /** The JSON text, written through {@code factory} (the CLI's escapes every non-ASCII character). */
    public static String write(Outliers outliers, JsonFactory factory) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("command", outliers.command());
            json.writeNumberField("hosts", outliers.hosts());
            json.writeArrayFieldStart("groups");
            for (OutputGroup group : outliers.groups()) {
                json.writeStartObject();
                json.writeStringField("kind", group.kind().name().toLowerCase(Locale.ROOT));
                json.writeNumberField("count", group.hosts().size());
                json.writeStringField("ranges", group.ranges());
                json.writeArrayFieldStart("hosts");
                for (String host : group.hosts()) {
                    json.writeString(host);
                }
                json.writeEndArray();
                if (group.hash().isPresent()) {
                    json.writeStringField("hash", "sha256:" + group.hash().get());
                }
                if (group.reason().isPresent()) {
                    json.writeStringField("reason", group.reason().get());
                }
                if (group.diff().isPresent()) {
                    json.writeStringField("diff", group.diff().get().diff());
                    json.writeNumberField("diff_chars", group.diff().get().diffChars());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
