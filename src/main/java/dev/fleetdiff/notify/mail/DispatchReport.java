package dev.fleetdiff.notify.mail;

import java.time.Instant;
import java.util.Optional;

/**
 * What one delivery round did, for logs and {@code fleetdiff status}.
 *
 * @param mails     mails the server accepted
 * @param delivered alerts those mails carried, now marked delivered
 * @param failed    alerts whose mail failed; they stay pending and are retried with backoff
 * @param waiting   alerts held back by the batching window or the hourly cap, sent later, never dropped
 * @param skipped   alerts not mailed (below min_level, not for email, or no recipient), marked done on "mail"
 * @param error     the last delivery error of the round
 * @param nextCheck when held-back alerts may go out, if any are waiting
 */
public record DispatchReport(int mails, int delivered, int failed, int waiting, int skipped, Optional<String> error,
                             Optional<Instant> nextCheck) {
}
