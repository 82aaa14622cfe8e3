package dev.fleetdiff.notify;

/** Alerts could not be delivered now; the message says why (for status and retries). */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
