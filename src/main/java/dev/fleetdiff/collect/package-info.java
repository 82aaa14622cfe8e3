/** Runs commands on a host and returns what each printed; the SSH transport lives in {@code collect.ssh}. */
package dev.fleetdiff.collect;
