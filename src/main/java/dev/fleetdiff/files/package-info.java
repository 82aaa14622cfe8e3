/** Files that hold secrets or decide trust (database, alert log, known_hosts, keys): created private, checked for others' access. */
package dev.fleetdiff.files;
