package dev.fleetdiff.rules;

import java.util.List;

/**
 * A rule's identity and effect. How it matches is the engine's business.
 *
 * @param id           OSSEC rule id
 * @param level        0 (silent) to 16, as in OSSEC
 * @param description  may contain {@code $(command)} and {@code $(host)}, replaced when an alert is raised
 * @param checkDiff    fires only when the output differs from the stored one
 * @param email        whether alerts of this rule are mailed: {@code null} follows min_level, else forced on/off
 * @param log          false for {@code no_log}: the alert is not written to alerts.jsonl
 */
public record Rule(int id, int level, String description, List<String> groups, boolean checkDiff,
                   Boolean email, boolean log) {
    public Rule {
        groups = List.copyOf(groups);
    }

    /** The description with {@code $(host)} and {@code $(command)} filled in. */
    public String describe(String host, String command) {
        return description.replace("$(host)", host).replace("$(command)", command);
    }
}
