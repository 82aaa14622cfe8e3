package dev.fleetdiff.rules;

/**
 * One command output as the rules see it.
 *
 * @param command     command name from hosts.yaml
 * @param commandLine the command line as run, used in the OSSEC header
 */
public record Event(String host, String command, String commandLine, String output) {
    /**
     * Most characters of an output that {@code <match>} and {@code <regex>} search (1 Mi, the default max_output), so
     * that one evaluation takes bounded time whatever max_output allows; OSSEC bounds its events far tighter (64 KiB).
     */
    public static final int MAX_OUTPUT_CHARS = 1024 * 1024;

    /** The header OSSEC puts before a command's output, so that OSSEC rules match unchanged. */
    public static String header(String commandLine) {
        return "ossec: output: '" + commandLine + "':";
    }

    /** The event text rules search: header line, then the output, cut after {@link #MAX_OUTPUT_CHARS}. */
    public String text() {
        return header(commandLine) + "\n" + seenOutput();
    }

    /** Whether the output is longer than rules search. */
    public boolean cut() {
        return output.length() > MAX_OUTPUT_CHARS;
    }

    private String seenOutput() {
        if (!cut()) {
            return output;
        }
        int end = Character.isHighSurrogate(output.charAt(MAX_OUTPUT_CHARS - 1)) ? MAX_OUTPUT_CHARS - 1 : MAX_OUTPUT_CHARS;
        return output.substring(0, end);
    }
}
