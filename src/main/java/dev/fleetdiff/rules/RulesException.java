package dev.fleetdiff.rules;

import java.nio.file.Path;

/** A rule file fleetdiff cannot use: where the mistake is, what was expected and what to do. */
public final class RulesException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String detail;

    /**
     * @param file   the rule file (or rules folder) holding the mistake
     * @param line   1-based line, or 0 when the mistake has no single line
     * @param detail what is wrong, what was expected and what to do
     */
    public RulesException(Path file, int line, String detail) {
        super((line > 0 ? file + ":" + line + ": " : file + ": ") + detail);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The message without the file and line in front. */
    public String detail() {
        return detail;
    }
}
