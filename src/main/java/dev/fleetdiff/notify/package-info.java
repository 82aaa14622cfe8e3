/** Delivers alerts from the outbox: alerts.jsonl, the OSSEC-style notification text; SMTP lives in {@code notify.mail}. */
package dev.fleetdiff.notify;
