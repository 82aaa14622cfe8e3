package dev.fleetdiff.rules;

import java.time.Instant;
import java.util.List;

/**
 * One alert, as stored in the outbox, written to alerts.jsonl and mailed. Field names follow DESIGN §2.
 *
 * @param id             unique, stable across retries (the mail's Message-ID derives from it)
 * @param command        command name, or empty for host-level alerts such as a changed host key
 * @param previousOutput empty for host-level alerts
 * @param email          whether it goes to mail (after min_level and the rule's options)
 * @param log            whether it goes to alerts.jsonl
 */
public record Alert(String id, Instant time, String host, String command, String commandLine, int ruleId,
                    int level, String description, String output, String previousOutput, String diff,
                    List<String> groups, boolean email, boolean log) {
    public Alert {
        groups = List.copyOf(groups);
    }
}
