/** Keeps outputs, their history, poll runs and the alert outbox; the JDBC implementation lives in {@code store.jdbc}. */
package dev.fleetdiff.store;
