/** What to poll: hosts, commands and how to reach them, as immutable records built by {@code config}. */
package dev.fleetdiff.inventory;
