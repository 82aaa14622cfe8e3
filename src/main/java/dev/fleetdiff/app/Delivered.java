package dev.fleetdiff.app;

import java.util.Optional;

/**
 * What one round of outbox delivery did.
 *
 * @param logged    alerts appended to alerts.jsonl
 * @param mails     mails the server accepted
 * @param mailError why mail delivery stopped, if it did (the alerts stay pending and are retried)
 */
public record Delivered(int logged, int mails, Optional<String> mailError) {
}
