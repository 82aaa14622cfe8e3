package dev.fleetdiff.rules;

/** What became of an event once the rules were evaluated. */
public enum Verdict {
    /** The matching rule raises an alert. */
    FIRED("fired"),
    /** No rule matched (every check_diff rule found the output unchanged, and nothing else matched). */
    NO_MATCH("no rule matched: nothing to alert"),
    /** The deepest matching rule has level 0, which OSSEC uses to silence events. */
    SILENT("the matching rule has level 0: silent"),
    /** First output of this (host, command): stored as the baseline, never an alert. */
    BASELINE("first output of this host and command: stored as the baseline, no alert"),
    /** A rule without check_diff matched an output identical to the previous one, whose alert was already raised. */
    REPEAT("output unchanged since the previous poll: the alert of this rule is not repeated");

    private final String meaning;

    Verdict(String meaning) {
        this.meaning = meaning;
    }

    /** One line for a person reading {@code rules test}. */
    public String meaning() {
        return meaning;
    }
}
