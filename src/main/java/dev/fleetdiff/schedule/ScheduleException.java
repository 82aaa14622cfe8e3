package dev.fleetdiff.schedule;

/** The scheduler could not be built, loaded or started. */
public final class ScheduleException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScheduleException(String message, Throwable cause) {
        super(message, cause);
    }
}
