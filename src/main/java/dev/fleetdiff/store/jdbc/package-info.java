/** The {@link dev.fleetdiff.store.Store} on JDBC: SQLite or PostgreSQL behind HikariCP, one batching writer thread. */
package dev.fleetdiff.store.jdbc;
