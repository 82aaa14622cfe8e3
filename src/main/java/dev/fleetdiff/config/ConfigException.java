package dev.fleetdiff.config;

import java.nio.file.Path;

/** A mistake in a configuration file: where it is, what was expected and what to do. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Where the mistake is; not kept when the exception is serialized (Path is not serializable). */
    private final transient Path file;
    private final int line;

    /**
     * @param file the file holding the mistake
     * @param line 1-based line, or 0 when the mistake has no single line
     * @param message what is wrong, what was expected and what to do
     */
    public ConfigException(Path file, int line, String message) {
        super((line > 0 ? file + ":" + line + ": " : file + ": ") + message);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }
}
