package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.text.ShownText;
import java.io.IOException;
import java.util.Optional;
import net.schmizz.sshj.connection.channel.OpenFailException;

/**
 * The bastion a host is polled through ({@code jump: [user@]bastion[:port]}): it is reached with the host's identity
 * key and known_hosts, as the jump spec's user or else the host's, on port 22 unless the spec names one.
 *
 * @param address bastion address without brackets
 * @param label   {@code user@address:port}, how failures name the bastion
 */
record JumpHost(String address, int port, String user, String label) {

    static final int DEFAULT_PORT = 22;

    /** The bastion of {@code spec} (already validated by the config loader) for {@code host}. */
    static JumpHost of(String spec, Host host) {
        int at = spec.lastIndexOf('@');
        String user = at < 0 ? host.user() : spec.substring(0, at);
        String rest = spec.substring(at + 1);
        String address = rest;
        int port = DEFAULT_PORT;
        int close = rest.lastIndexOf(']');
        int colon = rest.lastIndexOf(':');
        if (rest.startsWith("[") && close > 0) {
            address = rest.substring(1, close);
            if (close + 1 < rest.length() && rest.charAt(close + 1) == ':') {
                port = parsePort(spec, rest.substring(close + 2));
            }
        } else if (colon >= 0) {
            address = rest.substring(0, colon);
            port = parsePort(spec, rest.substring(colon + 1));
        }
        if (address.isEmpty() || user.isEmpty()) {
            throw new IllegalArgumentException("jump host '" + spec + "' is not [user@]host[:port]");
        }
        return new JumpHost(address, port, user, user + "@" + address + ":" + port);
    }

    private static int parsePort(String spec, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the spec
        }
        throw new IllegalArgumentException("jump host '" + spec + "' has no valid port (1 to 65535)");
    }

    /** The key of the bastion's per-address and per-jump-host limits. */
    String key() {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    /** The bastion as a host, so that its connection failures read like any host's. */
    Host asHost(Host target) {
        return new Host(address, address, port, user, target.identity(), target.identityPassphraseEnv(), Optional.empty(),
                target.connectTimeout(), target.commandTimeout(), target.maxOutput(), target.schedule(), target.splay(),
                target.commands(), target.groups());
    }

    /** A failure of the bastion's own connection, naming the bastion first. */
    HostFailure named(HostFailure failure) {
        return new HostFailure(failure.kind(), "jump host " + label + ": " + failure.message());
    }

    /** The bastion did not answer the request for a tunnel, or its connection died while asking. */
    HostFailure tunnelFailed(IOException e, Host target) {
        return named(new HostFailure(HostFailure.Kind.CONNECTION_LOST, "asking it for a connection to "
                + target.address() + ":" + target.port() + " failed (" + ShownText.message(String.valueOf(e.getMessage()))
                + "); check that the bastion is up and not overloaded"));
    }

    /** The bastion would not open a TCP connection to the target for us. */
    HostFailure forwardingFailed(OpenFailException e, Host target) {
        String to = target.address() + ":" + target.port();
        HostFailure.Kind kind = e.getReason() == OpenFailException.Reason.CONNECT_FAILED
                ? HostFailure.Kind.CONNECTION_REFUSED : HostFailure.Kind.CONNECTION_LOST;
        return new HostFailure(kind, "jump host " + label + " could not open a connection to " + to + " ("
                + e.getReason() + ": " + ShownText.message(String.valueOf(e.getMessage())) + "); check that the bastion "
                + "allows TCP forwarding (sshd AllowTcpForwarding) and reaches " + to);
    }
}
