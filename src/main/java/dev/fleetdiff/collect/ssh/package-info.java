/** The sshj adapter of {@code collect}: one SSH connection per host poll, bounded in time, bytes and trust. */
package dev.fleetdiff.collect.ssh;
