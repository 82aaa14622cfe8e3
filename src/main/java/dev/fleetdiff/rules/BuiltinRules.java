package dev.fleetdiff.rules;

import java.util.List;

/** Rules fleetdiff raises itself, outside any rule file; their ids are documented in docs/RULES.md. */
public final class BuiltinRules {
    /** OSSEC's base rule: every command output (level 0, never alerts). */
    public static final Rule COMMAND_OUTPUT = new Rule(530, 0, "Command output.", List.of("ossec"), false, null, true);

    /** A host presented a key different from the one in known_hosts; the connection was refused. */
    public static final Rule HOST_KEY_CHANGED = new Rule(199001, 12,
            "SSH host key of $(host) changed: connection refused (possible man-in-the-middle).",
            List.of("fleetdiff", "ssh", "host_key"), false, true, true);

    /**
     * A command printed more than its max_output: only the first bytes are kept and compared, so a change past the
     * cut is not seen. Raised when the cut starts (the previous output was whole), not on every poll.
     */
    public static final Rule OUTPUT_CUT = new Rule(199010, 10,
            "Output of $(command) on $(host) exceeded max_output: only its first part is compared.",
            List.of("fleetdiff", "max_output"), false, null, true);

    /** A host's polls failed failure_alert_after times in a row: raised once, when the episode starts. */
    public static final Rule HOST_FAILING = new Rule(199002, 10,
            "Polls of $(host) are failing: the host is out of the audit until it answers again.",
            List.of("fleetdiff", "host_health", "failing"), false, null, true);

    /** No good poll of a host for stale_after: raised once, when the episode starts. */
    public static final Rule HOST_STALE = new Rule(199003, 10,
            "No good poll of $(host) for too long: the host is out of the audit (stale).",
            List.of("fleetdiff", "host_health", "stale"), false, null, true);

    /** The first good poll after a failing or stale episode. */
    public static final Rule HOST_RECOVERED = new Rule(199004, 7,
            "Polls of $(host) succeed again: the host is back in the audit.",
            List.of("fleetdiff", "host_health", "recovered"), false, null, true);

    /**
     * The rules fleetdiff raises itself about a host or a command's output (not matched against outputs); a local rule
     * may refine or silence them with {@code <if_sid>}.
     */
    public static final List<Rule> RAISED = List.of(HOST_KEY_CHANGED, HOST_FAILING, HOST_STALE, HOST_RECOVERED,
            OUTPUT_CUT);

    /** Every built-in rule; their ids are reserved. */
    public static final List<Rule> ALL = List.of(COMMAND_OUTPUT, HOST_KEY_CHANGED, HOST_FAILING, HOST_STALE,
            HOST_RECOVERED, OUTPUT_CUT);

    private BuiltinRules() {
    }
}
