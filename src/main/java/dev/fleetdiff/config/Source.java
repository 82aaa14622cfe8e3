package dev.fleetdiff.config;

import dev.fleetdiff.text.ShownText;
import java.nio.file.Path;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The hosts.yaml being read: turns a YAML node into the line of an error and path text into a resolved path.
 *
 * @param file the file as the user named it, so errors read {@code hosts.yaml:7: ...}
 * @param user whose home {@code ~} means and who the default SSH user is
 */
record Source(Path file, LocalUser user) {
    private static final int MAX_SHOWN_CHARS = 80;

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    ConfigException error(Node node, String message) {
        return new ConfigException(file, line(node), message);
    }

    ConfigException error(int line, String message) {
        return new ConfigException(file, line, message);
    }

    /** An error for a value that failed to parse: names where it is, shows the value, then the parser's explanation. */
    ConfigException invalid(String where, Text value, IllegalArgumentException problem) {
        return error(value.line(), where + " " + quote(value.value()) + " " + problem.getMessage());
    }

    /** Points back at an earlier occurrence: "first at line 4", or "earlier on this line". */
    static String firstAt(int firstLine, int line) {
        return firstLine == line ? "earlier on this line" : "first at line " + firstLine;
    }

    /** Resolves {@code ~/x} against the user's home and a relative path against the folder holding this file. */
    Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("is not a path; write a file name, a path relative to this file, or ~/...");
        }
        if (text.equals("~") || text.startsWith("~/")) {
            return user.home().resolve(text.substring(Math.min(2, text.length()))).toAbsolutePath().normalize();
        }
        if (text.startsWith("~")) {
            throw new IllegalArgumentException("uses ~user, which is not supported; write ~/... for your own home or an absolute path");
        }
        return folder().resolve(text).normalize();
    }

    private Path folder() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath().getRoot() : parent;
    }

    /**
     * Quotes a value for a message, with every character {@link ShownText} refuses escaped (backslash-n, -r and
     * -t, else the code point in hex as in Java source, U+202E as backslash-u202E) so a message never spans lines or hides what the file holds.
     */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("'");
        value.codePoints().limit(MAX_SHOWN_CHARS).forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (!ShownText.isShown(c)) {
                        out.append(escaped(c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        if (value.codePointCount(0, value.length()) > MAX_SHOWN_CHARS) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** A code point as backslash, u and four hex digits, or beyond U+FFFF backslash, U and eight hex digits. */
    static String escaped(int codePoint) {
        return Character.isBmpCodePoint(codePoint) ? String.format("\\u%04X", codePoint)
                : String.format("\\U%08X", codePoint);
    }
}
