package dev.fleetdiff.notify;

import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.rules.Event;
import dev.fleetdiff.text.ShownText;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Renders an alert in the OSSEC notification layout (the post's mail), with the previous output and a diff. */
public final class NotificationText {
    private static final DateTimeFormatter OSSEC_TIME =
            DateTimeFormatter.ofPattern("yyyy MMM dd HH:mm:ss", Locale.ENGLISH);
    /**
     * Output, previous output and diff are each cut to this in a notification about one change: a mail, or a change
     * printed by {@code poll}.
     */
    public static final int SECTION_CHARS = 20_000;

    private final ZoneId zone;

    public NotificationText(ZoneId zone) {
        this.zone = zone;
    }

    /** The full notification, terminal-safe. */
    public String render(Alert alert) {
        return render(alert, Integer.MAX_VALUE);
    }

    /**
     * The notification with output, previous output and diff each cut to {@code maxChars}; a cut says so and names
     * the command that prints the whole thing.
     */
    public String render(Alert alert, int maxChars) {
        return render(alert, alert.host(), maxChars);
    }

    /**
     * Like {@link #render(Alert, int)} with {@code receivedFrom} in place of the host on the "Received From" line,
     * for a change seen on many hosts (such as web[001-412]); the cut notes still name the alert's own host.
     */
    public String render(Alert alert, String receivedFrom, int maxChars) {
        return marked(alert, receivedFrom, maxChars).toString();
    }

    /** Like {@link #render(Alert, String, int)}, with the diff marked as such for the HTML mail. */
    public MarkedText marked(Alert alert, String receivedFrom, int maxChars) {
        MarkedText text = new MarkedText();
        text.append("fleetdiff Notification.\n");
        text.append(OSSEC_TIME.format(alert.time().atZone(zone))).append("\n\n");
        text.append("Received From: ").append(ShownText.line(receivedFrom));
        if (!alert.commandLine().isEmpty()) {
            text.append("->").append(ShownText.line(alert.commandLine()));
        }
        text.append('\n');
        text.append("Rule: ").append(alert.ruleId()).append(" fired (level ").append(alert.level()).append(") -> \"")
                .append(ShownText.line(alert.description())).append("\"\n");
        text.append("Portion of the log(s):\n\n");
        if (alert.command().isEmpty()) {
            text.append(cut(alert.output(), alert.outputChars(), maxChars, alert)).append("\n");
        } else {
            String header = Event.header(ShownText.line(alert.commandLine()));
            text.append(header).append('\n').append(cut(alert.output(), alert.outputChars(), maxChars, alert));
            text.append("Previous output:\n");
            text.append(header).append('\n')
                    .append(cut(alert.previousOutput(), alert.previousOutputChars(), maxChars, alert));
            text.append("Diff:\n").appendDiff(cut(alert.diff(), alert.diffChars(), maxChars, alert));
        }
        text.append("\n--END OF NOTIFICATION\n");
        return text;
    }

    private static String cut(String text, long wholeChars, int maxChars, Alert alert) {
        String safe = ShownText.text(AlertText.shown(text, wholeChars, maxChars, alert));
        return safe.isEmpty() || safe.endsWith("\n") ? safe : safe + "\n";
    }
}
