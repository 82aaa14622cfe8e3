package dev.fleetdiff.notify;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.text.ShownText;
import java.util.regex.Pattern;

/**
 * Bounds what an alert carries and shows of a host's output: the start of the text, then a note saying how much was
 * left out and the command that prints all of it. The store keeps the whole output; an alert is a pointer to it.
 */
public final class AlertText {
    /**
     * Characters of output, of previous output and of diff that an alert carries (in the outbox and alerts.jsonl):
     * enough for any diff a person reads, small enough that a 1 GiB output costs an alert line about 200 KiB.
     */
    public static final int MAX_CHARS = 64 * 1024;
    /** Words a shell takes as they are, without quotes. */
    private static final Pattern SHELL_PLAIN = Pattern.compile("[A-Za-z0-9._@%+=:,/-]+");

    private AlertText() {
    }

    /** The first {@code maxChars} characters of {@code text}, never splitting a surrogate pair. */
    public static String head(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars > 0 && Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, end);
    }

    /**
     * {@code kept} (the start of a text {@code wholeChars} long) cut to {@code maxChars}, followed, when anything is
     * left out, by a line naming how many characters are not shown and the command that shows them.
     */
    public static String shown(String kept, long wholeChars, int maxChars, Alert alert) {
        return shown(kept, wholeChars, maxChars, "run: " + diffCommand(alert));
    }

    /** As {@link #shown(String, long, int, Alert)}, with {@code seeAll} saying how to see the rest. */
    public static String shown(String kept, long wholeChars, int maxChars, String seeAll) {
        String head = head(kept, maxChars);
        long hidden = Math.max(wholeChars, kept.length()) - head.length();
        if (hidden <= 0) {
            return head;
        }
        return head + "\n[... " + hidden + " more characters not shown; " + seeAll + " ]";
    }

    /** True if {@link #shown} leaves out part of a text {@code wholeChars} long of which {@code kept} is the start. */
    public static boolean cut(String kept, long wholeChars, int maxChars) {
        return Math.max(wholeChars, kept.length()) > head(kept, maxChars).length();
    }

    /**
     * The command line that prints the whole change, safe to paste into a shell whatever the host is called: it names
     * the alert's two versions when the alert knows them.
     */
    public static String diffCommand(Alert alert) {
        String command = diffCommand(alert.host(), alert.command());
        if (alert.version() > 0 && alert.previousVersion() > 0) {
            command += " --from " + alert.previousVersion() + " --to " + alert.version();
        }
        return command;
    }

    /** The command line that prints the diff between the last two stored outputs of a command on a host. */
    public static String diffCommand(String host, String command) {
        return "fleetdiff diff --host " + shellWord(host) + " --command " + shellWord(command);
    }

    private static String shellWord(String value) {
        String line = ShownText.line(value);
        return SHELL_PLAIN.matcher(line).matches() ? line : "'" + line.replace("'", "'\\''") + "'";
    }
}
