package dev.fleetdiff.rules.xml;

import java.util.Map;

/** Why fleetdiff rejects an OSSEC rule element or attribute it knows of, so the load error can tell the user. */
final class UnsupportedOssec {
    private static final String DECODERS = "fleetdiff has no decoders, so there are no decoded fields: test the "
            + "command output with <match> or <regex>";
    private static final String CORRELATION = "fleetdiff does not correlate events: hang the rule below another "
            + "with <if_sid>";
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("decoded_as", DECODERS), Map.entry("category", DECODERS), Map.entry("srcip", DECODERS),
            Map.entry("dstip", DECODERS), Map.entry("srcport", DECODERS), Map.entry("dstport", DECODERS),
            Map.entry("user", DECODERS), Map.entry("program_name", DECODERS), Map.entry("id", DECODERS),
            Map.entry("url", DECODERS), Map.entry("action", DECODERS), Map.entry("status", DECODERS),
            Map.entry("extra_data", DECODERS), Map.entry("list", DECODERS), Map.entry("field", DECODERS),
            Map.entry("if_group", CORRELATION), Map.entry("if_level", CORRELATION),
            Map.entry("if_matched_sid", CORRELATION), Map.entry("if_matched_group", CORRELATION),
            Map.entry("if_matched_regex", CORRELATION), Map.entry("frequency", CORRELATION),
            Map.entry("timeframe", CORRELATION), Map.entry("ignore", CORRELATION),
            Map.entry("same_source_ip", CORRELATION), Map.entry("same_user", CORRELATION),
            Map.entry("same_location", CORRELATION), Map.entry("same_id", CORRELATION),
            Map.entry("different_url", CORRELATION), Map.entry("overwrite", "each rule must be defined once"),
            Map.entry("time", "fleetdiff rules do not depend on the time of day"),
            Map.entry("weekday", "fleetdiff rules do not depend on the day of the week"),
            Map.entry("var", "OSSEC variables are not supported: write the value in place"),
            Map.entry("negate", "write the opposite test as a level-0 child rule instead"),
            Map.entry("type", "fleetdiff reads <regex> in OSSEC's own dialect only"));

    private UnsupportedOssec() {
    }

    /** The reason in parentheses after a space, or nothing when the name is not an OSSEC one fleetdiff knows. */
    static String reason(String name) {
        String reason = REASONS.get(name);
        return reason == null ? "" : " (" + reason + ")";
    }
}
