package dev.fleetdiff.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fleetdiff.compare.Change;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.text.HostBytes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** {@code history --json} and {@code diff --json}: stored versions and the diff between two, as in docs/JSON.md. */
final class VersionJson {
    private VersionJson() {
    }

    /** One version of {@code history --json}: no output, only what identifies and sizes it. */
    static String version(Version v, boolean accepted) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = TerminalJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("host", v.host());
            json.writeStringField("command", v.command());
            fields(json, v);
            json.writeBooleanField("accepted", accepted);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The one object of {@code diff --json}: both versions and the whole diff. */
    static String diff(Version from, Version to, Change change) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = TerminalJson.FACTORY.createGenerator(out)) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
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
