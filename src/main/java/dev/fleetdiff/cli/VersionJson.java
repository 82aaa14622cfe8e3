package dev.fleetdiff.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.text.HostBytes;
import java.io.IOException;

/** {@code history --json} and {@code diff --json}: stored versions and the diff between two, as in docs/JSON.md. */
final class VersionJson {
    private VersionJson() {
    }

    /** One version of {@code history --json}: no output, only what identifies and sizes it. */
    static String version(Version v, boolean accepted) {
        return TerminalJson.text(json -> {
            json.writeStartObject();
            json.writeStringField("host", v.host());
            json.writeStringField("command", v.command());
            fields(json, v);
            json.writeBooleanField("accepted", accepted);
            json.writeEndObject();
        });
    }

    /** The one object of {@code diff --json}: both versions and the whole diff. */
    static String diff(Version from, Version to, Change change) {
        return TerminalJson.text(json -> {
            json.writeStartObject();
            json.writeStringField("host", to.host());
            json.writeStringField("command", to.command());
            json.writeObjectFieldStart("from");
            fields(json, from);
            json.writeEndObject();
            json.writeObjectFieldStart("to");
            fields(json, to);
            json.writeEndObject();
            json.writeBooleanField("changed", change.changed());
            json.writeStringField("diff", change.changed() ? HostBytes.escapeBytes(change.diff()) : "");
            json.writeEndObject();
        });
    }

    private static void fields(JsonGenerator json, Version v) throws IOException {
        json.writeNumberField("version", v.number());
        json.writeStringField("hash", "sha256:" + v.hash());
        json.writeStringField("first_seen", v.firstSeen().toString());
        json.writeStringField("last_seen", v.lastSeen().toString());
        json.writeNumberField("lines", OutputComparer.lines(v.output()).size());
        json.writeNumberField("bytes", HostBytes.encode(v.output()).length);
        json.writeBooleanField("truncated", v.truncated());
    }
}
