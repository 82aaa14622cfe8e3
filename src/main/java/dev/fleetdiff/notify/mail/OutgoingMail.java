package dev.fleetdiff.notify.mail;

import java.util.List;

/**
 * One mail ready to send, independent of the mail library.
 *
 * @param messageId the Message-ID with its angle brackets, derived from the alert ids so a resend keeps it
 * @param subject   already sanitized
 * @param text      the text/plain part
 * @param html      the text/html part, everything from hosts escaped
 * @param alertIds  the alerts this mail delivers, marked delivered once the server accepts it
 */
record OutgoingMail(String messageId, String subject, String text, String html, Recipients recipients,
                    List<String> alertIds) {
    OutgoingMail {
        alertIds = List.copyOf(alertIds);
    }
}
