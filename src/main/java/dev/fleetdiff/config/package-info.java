/** Reads hosts.yaml into immutable settings and an inventory; every mistake is an error naming file, line and fix. */
package dev.fleetdiff.config;
