package dev.fleetdiff.cli;

/**
 * Chooses the log level before the first logger is made: quiet by default, -v for info, -vv for debug. The SSH
 * library, which logs a few lines for every connection, stays off by default and at warnings with -v.
 */
final class LogLevel {
    /** The system property logback.xml reads for the root level. */
    static final String PROPERTY = "fleetdiff.log.level";
    /** The level of the SSH library, which logs every lost connection with a stack trace: off unless asked. */
    static final String SSH_PROPERTY = "fleetdiff.ssh.log.level";

    private LogLevel() {
    }

    static void set(int verbosity) {
        String level = switch (verbosity) {
            case 0 -> "WARN";
            case 1 -> "INFO";
            default -> "DEBUG";
        };
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, level);
        }
        if (System.getProperty(SSH_PROPERTY) == null) {
            System.setProperty(SSH_PROPERTY, switch (verbosity) {
                case 0 -> "OFF";
                case 1 -> "WARN";
                default -> level;
            });
        }
    }
}
