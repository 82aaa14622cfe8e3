package dev.fleetdiff.rules;

import java.time.Instant;
import java.util.List;

/**
 * One alert, as stored in the outbox, written to alerts.jsonl and mailed. Field names follow DESIGN §2. Output,
 * previous output and diff may be the first part only of what the host printed (an alert's size is bounded); the
 * {@code *Chars} fields give the whole length, so every rendering can say how much it leaves out.
 *
 * @param id                  unique, stable across retries (the mail's Message-ID derives from it)
 * @param command             command name, or empty for host-level alerts such as a changed host key
 * @param previousOutput      empty for host-level alerts
 * @param email               whether it goes to mail (after min_level and the rule's options)
 * @param log                 whether it goes to alerts.jsonl
 * @param outputChars         length of the whole output, of which {@code output} is the start
 * @param previousOutputChars length of the whole previous output
 * @param diffChars           length of the whole diff
 * @param version             stored version of the output, 0 if none (host-level alerts)
 * @param previousVersion     stored version it was compared with, 0 if none
 */
public record Alert(String id, Instant time, String host, String command, String commandLine, int ruleId,
                    int level, String description, String output, String previousOutput, String diff,
                    List<String> groups, boolean email, boolean log, long outputChars, long previousOutputChars,
                    long diffChars, int version, int previousVersion) {
    public Alert {
        groups = List.copyOf(groups);
    }

    /** An alert whose texts are whole, with no stored versions named. */
    public Alert(String id, Instant time, String host, String command, String commandLine, int ruleId, int level,
                 String description, String output, String previousOutput, String diff, List<String> groups,
                 boolean email, boolean log) {
        this(id, time, host, command, commandLine, ruleId, level, description, output, previousOutput, diff, groups,
                email, log, output.length(), previousOutput.length(), diff.length(), 0, 0);
    }
}
