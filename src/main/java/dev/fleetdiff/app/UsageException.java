package dev.fleetdiff.app;

/** The user asked for something the configuration does not have (exit code 2). */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
