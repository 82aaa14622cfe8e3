/** Test fixtures shared by integration tests: a real-OpenSSH simulated fleet on loopback. */
package dev.fleetdiff.testing;
