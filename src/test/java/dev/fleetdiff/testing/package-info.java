/**
 * Test fixtures shared by every package's tests: {@link dev.fleetdiff.testing.FakeHost}, an in-process SSH server
 * with canned command replies, {@link dev.fleetdiff.testing.ClientKey}, client key files made by ssh-keygen, and
 * {@link dev.fleetdiff.testing.OpenSshFleet}, a simulated fleet on the real OpenSSH sshd on loopback.
 */
package dev.fleetdiff.testing;
