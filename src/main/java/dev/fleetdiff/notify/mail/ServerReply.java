package dev.fleetdiff.notify.mail;

/**
 * What the mail server said to a test message, for {@code fleetdiff mail test}.
 *
 * @param accepted whether the server accepted the message
 * @param reply    the server's last reply (such as "250 OK"), or why it could not be reached or refused
 */
public record ServerReply(boolean accepted, String reply) {
}
