package dev.fleetdiff.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One test a rule makes on an event, as written in its rule file.
 *
 * @param element the rule file element it came from
 * @param pattern the pattern as written
 * @param matcher the compiled pattern: whether a text (event text, host name or command name) meets it
 */
public record Condition(Element element, String pattern, Predicate<String> matcher) {

    /** The rule file elements that test an event, in the order OSSEC tests them. */
    public enum Element {
        /** OSSEC match on the event text. */
        MATCH,
        /** OSSEC regex on the event text. */
        REGEX,
        /** OSSEC regex on the host's name. */
        HOSTNAME,
        /** Exact command names. */
        COMMAND;

        /** The element's name in a rule file. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code <match>}: OSSEC's match on the event text. */
    public static Condition match(String pattern) {
        return new Condition(Element.MATCH, pattern, OsMatch.compile(pattern)::find);
    }

    /** {@code <regex>}: OSSEC's regex on the event text. */
    public static Condition regex(String pattern) {
        return new Condition(Element.REGEX, pattern, OsRegex.compile(pattern)::find);
    }

    /** {@code <hostname>}: OSSEC's regex on the host's name. */
    public static Condition hostname(String pattern) {
        return new Condition(Element.HOSTNAME, pattern, OsRegex.compile(pattern)::find);
    }

    /** {@code <command>}: the command's name in hosts.yaml, exactly, with {@code |} between names. */
    public static Condition command(String names) {
        List<String> stripped = new ArrayList<>();
        for (String name : names.split("\\|", -1)) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("has an empty command name; list names of hosts.yaml commands "
                        + "separated by |");
            }
            stripped.add(name.strip());
        }
        return new Condition(Element.COMMAND, names, Set.copyOf(stripped)::contains);
    }

    /** The command names a {@code <command>} condition accepts; empty for other conditions. */
    public List<String> commandNames() {
        return element == Element.COMMAND
                ? List.of(pattern.split("\\|")).stream().map(String::strip).toList()
                : List.of();
    }

    /**
     * Whether the event meets this condition.
     *
     * @param text the event's text as rules see it, {@link Event#text()}, computed once for all conditions
     */
    public boolean test(Event event, String text) {
        String subject = switch (element) {
            case MATCH, REGEX -> text;
            case HOSTNAME -> event.host();
            case COMMAND -> event.command();
        };
        return matcher.test(subject);
    }

    /** How the condition reads in a trace, for example {@code <match> 'foo'}. */
    public String describe() {
        return "<" + element.tag() + "> '" + pattern + "'";
    }
}
