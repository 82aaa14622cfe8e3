package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.inventory.HostKeyPolicy;
import dev.fleetdiff.text.ShownText;
import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Checks the key one host presents against known_hosts under the collector's policy, and keeps the reason
 * when it refuses so that the poll can report it. A changed or revoked key is refused under every policy.
 */
final class HostKeyCheck implements HostKeyVerifier {

    private static final int DEFAULT_SSH_PORT = 22;

    private final KnownHostsFile knownHosts;
    private final HostKeyPolicy policy;
    private final String address;
    private final int port;
    private final String hostId;
    private volatile HostFailure refusal;

    HostKeyCheck(KnownHostsFile knownHosts, HostKeyPolicy policy, String address, int port) {
        this.knownHosts = knownHosts;
        this.policy = policy;
        this.address = address;
        this.port = port;
        String host = address.toLowerCase(Locale.ROOT);
        this.hostId = port == DEFAULT_SSH_PORT ? host : "[" + host + "]:" + port;
    }

    /** Why the key was refused, if it was. */
    Optional<HostFailure> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    public boolean verify(String hostname, int ignoredPort, PublicKey key) {
        try {
            KeyBlob presented = KeyBlob.of(key);
            KnownHostsFile.Verdict verdict = knownHosts.check(hostId, presented);
            if (verdict.kind() == KnownHostsFile.Verdict.Kind.UNKNOWN && policy == HostKeyPolicy.ACCEPT_NEW) {
                verdict = knownHosts.trustNew(hostId, presented);
            }
            refusal = switch (verdict.kind()) {
                case TRUSTED -> null;
                case UNKNOWN -> unknown(presented);
                case CHANGED -> changed(presented, verdict.line().orElseThrow());
                case REVOKED -> revoked(presented, verdict.line().orElseThrow());
            };
        } catch (IOException | RuntimeException e) {
            refusal = new HostFailure(HostFailure.Kind.LOCAL, "cannot use known_hosts file " + knownHosts.path()
                    + " to check " + hostId + ": " + ShownText.message(e.toString()) + "; check that it is readable and writable");
        }
        return refusal == null;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int ignoredPort) {
        try {
            return knownHosts.knownAlgorithms(hostId);
        } catch (IOException e) {
            return List.of();
        }
    }

    private HostFailure unknown(KeyBlob presented) {
        return new HostFailure(HostFailure.Kind.HOST_KEY_UNKNOWN, String.format(
                "host key of %s is not in %s (the host presented %s). Check that fingerprint out of band "
                        + "(for example: ssh-keyscan -p %d %s | ssh-keygen -lf -), then add the host's line to %s; "
                        + "or set host_key_policy: accept-new to trust new hosts on first use",
                hostId, knownHosts.path(), presented.describe(), port, address, knownHosts.path()));
    }

    private HostFailure changed(KeyBlob presented, KnownHostLine expected) {
        return new HostFailure(HostFailure.Kind.HOST_KEY_CHANGED, String.format(
                "HOST KEY CHANGED for %s: %s line %d expects %s but the host presented %s; connection refused "
                        + "(this can be a man-in-the-middle attack). If the change is legitimate, remove line %d "
                        + "from %s (ssh-keygen -R '%s' -f %s) and poll again",
                hostId, knownHosts.path(), expected.number(), expected.key().describe(), presented.describe(),
                expected.number(), knownHosts.path(), hostId, knownHosts.path()));
    }

    private HostFailure revoked(KeyBlob presented, KnownHostLine line) {
        return new HostFailure(HostFailure.Kind.HOST_KEY_CHANGED, String.format(
                "host key of %s is revoked: the host presented %s, which %s line %d marks @revoked; connection refused",
                hostId, presented.describe(), knownHosts.path(), line.number()));
    }
}
