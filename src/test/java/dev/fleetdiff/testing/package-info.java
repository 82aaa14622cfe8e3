/**
 * Test fixtures shared by every package's tests: {@link dev.fleetdiff.testing.FakeHost}, an in-process SSH server
 * with canned command replies, and {@link dev.fleetdiff.testing.ClientKey}, client key files made by ssh-keygen.
 */
package dev.fleetdiff.testing;
