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

    /** The same text as {@link #text()}, as a view that copies nothing: rules match on it, a large output once. */
    CharSequence view() {
        return new Joined(header(commandLine) + "\n", output);
    }

    /** Two strings read as one. */
    private record Joined(String head, String tail) implements CharSequence {
        @Override
        public int length() {
            return head.length() + tail.length();
        }

        @Override
        public char charAt(int index) {
            return index < head.length() ? head.charAt(index) : tail.charAt(index - head.length());
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            int split = head.length();
            if (start >= split) {
                return tail.substring(start - split, end - split);
            }
            return end <= split ? head.substring(start, end) : head.substring(start) + tail.substring(0, end - split);
        }

        @Override
        public String toString() {
            return head + tail;
        }
    }
}
