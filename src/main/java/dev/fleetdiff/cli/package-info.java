/** The command line: parses arguments, calls {@code app}, prints results and maps failures to exit codes. */
package dev.fleetdiff.cli;
