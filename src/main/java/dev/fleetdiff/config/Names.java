package dev.fleetdiff.config;

import dev.fleetdiff.text.ShownText;
import java.util.regex.Pattern;

/**
 * Checks the free-text values of hosts.yaml that end up in SSH connections, database keys or mail headers, so a
 * stray space, line break or control character is refused at load time instead of corrupting them later.
 */
final class Names {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern MAIL_ADDRESS = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+");
    private static final Pattern JUMP = Pattern.compile("(?:[^@\\s]+@)?(?:\\[[0-9A-Fa-f:.]+\\]|[^@\\s:\\[\\]]+)(?::(\\d{1,5}))?");
    private static final int MAX_PORT = 65_535;
    /** Longest name, address or user in characters: a DNS name has at most 253, a host name (RFC 2181) 255. */
    static final int MAX_CHARS = 255;

    private Names() {
    }

    /** A host, group or command name: a key in the store, alerts and CLI. */
    static String name(String text) {
        return plain(text, "name");
    }

    /** A host address or SSH user name. */
    static String address(String text) {
        return plain(text, "value");
    }

    private static String plain(String text, String what) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty; write a " + what + " without spaces");
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX_CHARS) {
            throw new IllegalArgumentException("is " + length + " characters long; write a " + what + " of at most "
                    + MAX_CHARS + " characters");
        }
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(String.format(
                        "contains a control character (U+%04X); write the %s on one line without control characters", c, what));
            }
            if (!ShownText.isShown(c)) {
                throw new IllegalArgumentException(String.format("contains U+%04X, %s; write the %s with visible "
                        + "characters only", c, kind(c), what));
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new IllegalArgumentException("contains whitespace; write the " + what + " without spaces");
            }
        }
        return text;
    }

    /** Names the kind of a character that {@link ShownText} refuses and that is no control character. */
    private static String kind(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.FORMAT -> "an invisible format character (bidi control, zero-width or tag)";
            case Character.PRIVATE_USE -> "a private-use character";
            case Character.SURROGATE -> "a lone surrogate";
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "a line separator";
            default -> "an unassigned code point";
        };
    }

    /** The name of an environment variable holding a secret. */
    static String envName(String text) {
        if (!ENV_NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("is not an environment variable name; write letters, digits and _ only, "
                    + "e.g. FLEETDIFF_SMTP_PASSWORD (the name of the variable, not the secret)");
        }
        return text;
    }

    /** A single mail address, as it will appear in a mail header. */
    static String mailAddress(String text) {
        if (text.contains(",") || text.contains(";")) {
            throw new IllegalArgumentException("holds several addresses; write them as a list: [a@example.com, b@example.com]");
        }
        plain(text, "address");
        if (!MAIL_ADDRESS.matcher(text).matches()) {
            throw new IllegalArgumentException("is not a single mail address; write one address like secops@example.com"
                    + " (several go in a list: [a@example.com, b@example.com])");
        }
        return text;
    }

    /** A ProxyJump target: {@code [user@]host[:port]}. */
    static String jump(String text) {
        plain(text, "jump host");
        var m = JUMP.matcher(text);
        if (!m.matches() || (m.group(1) != null && !isPort(m.group(1)))) {
            throw new IllegalArgumentException("is not a jump host; write [user@]host[:port], e.g. audit@bastion.example.com:22");
        }
        return text;
    }

    private static boolean isPort(String digits) {
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= MAX_PORT;
    }
}
