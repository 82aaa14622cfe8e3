package dev.fleetdiff.config;

/**
 * A scalar as written in hosts.yaml, with the line it is on.
 *
 * @param value the text exactly as written (YAML never turns it into a boolean or number here)
 * @param line  1-based line of the value
 */
record Text(String value, int line) {
}
