package dev.fleetdiff.rules;

/**
 * One command output as the rules see it.
 *
 * @param command     command name from hosts.yaml
 * @param commandLine the command line as run, used in the OSSEC header
 */
public record Event(String host, String command, String commandLine, String output) {

    /** The header OSSEC puts before a command's output, so that OSSEC rules match unchanged. */
    public static String header(String commandLine) {
        return "ossec: output: '" + commandLine + "':";
    }

    /** The full event text: header line, then the output. */
    public String text() {
        return header(commandLine) + "\n" + output;
    }
}
