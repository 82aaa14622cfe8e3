package dev.fleetdiff.notify.mail;

import dev.fleetdiff.notify.MarkedText;
import java.util.List;

/**
 * The HTML part: the text body escaped in a pre block, with the added and removed lines of its unified diffs coloured.
 * The diffs are the spans the notification marked as such, so output lines that look like a diff stay plain.
 */
final class MailHtml {
    private static final String ADDED = "color:#116329;background:#dafbe1";
    private static final String REMOVED = "color:#82071e;background:#ffebe9";
    private static final String HUNK = "color:#0550ae";
    private static final String FILES = "color:#57606a;font-weight:bold";

    private MailHtml() {
    }

    /** Renders the body; only lines that start inside a marked diff are coloured. */
    static String of(MarkedText body) {
        String text = body.toString();
        List<MarkedText.Span> diffs = body.diffs();
        StringBuilder html = new StringBuilder(text.length() + text.length() / 4 + 256);
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n")
                .append("<pre style=\"font-family:monospace;font-size:13px;white-space:pre-wrap\">");
        int start = 0;
        int span = 0;
        for (String line : text.split("\n", -1)) {
            while (span < diffs.size() && diffs.get(span).end() <= start) {
                span++;
            }
            String style = span < diffs.size() && diffs.get(span).contains(start) ? styleOf(line) : null;
            if (style == null) {
                html.append(escape(line));
            } else {
                html.append("<span style=\"").append(style).append("\">").append(escape(line)).append("</span>");
            }
            html.append('\n');
            start += line.length() + 1;
        }
        return html.append("</pre>\n</body></html>\n").toString();
    }

    private static String styleOf(String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return FILES;
        }
        if (line.startsWith("@@")) {
            return HUNK;
        }
        if (line.startsWith("+")) {
            return ADDED;
        }
        return line.startsWith("-") ? REMOVED : null;
    }

    /** Escapes the five characters HTML treats specially, so nothing from a host becomes markup. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
