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

    private BuiltinRules() {
    }
}
