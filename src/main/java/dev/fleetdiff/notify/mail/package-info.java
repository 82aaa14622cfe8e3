/** Sends alert mail over SMTP from the outbox: grouping, batching, the hourly cap, retries and header safety. */
package dev.fleetdiff.notify.mail;
