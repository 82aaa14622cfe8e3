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

    /** Every built-in rule; their ids are reserved. */
    public static final List<Rule> ALL = List.of(COMMAND_OUTPUT, HOST_KEY_CHANGED, OUTPUT_CUT);

    private BuiltinRules() {
    }
}
