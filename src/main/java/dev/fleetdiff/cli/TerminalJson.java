package dev.fleetdiff.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/** The JSON the CLI prints: every non-ASCII character escaped, so no control or bidi character from a host is raw. */
final class TerminalJson {
    static final JsonFactory FACTORY = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private TerminalJson() {
    }
}
