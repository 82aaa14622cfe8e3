package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostFailure.Kind;
import dev.fleetdiff.inventory.Host;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.userauth.UserAuthException;

/** Turns what went wrong in a poll into a failure kind and a message that says what happened and what to do. */
final class FailureClassifier {

    /** How far the poll got when it failed. */
    enum Stage { CONNECT, AUTHENTICATE, COMMANDS }

    private FailureClassifier() {
    }

    static HostFailure deadline(Host host, Duration budget) {
        return new HostFailure(Kind.DEADLINE, "poll of " + host.name() + " ran past its deadline of "
                + UnitText.duration(budget) + " (2 x connect_timeout + command_timeout per command) and was "
                + "disconnected; the host or the network path may be stuck");
    }

    /** The poll's deadline passed while it waited for one of the collector's connection limits. */
    static HostFailure waitedTooLong(Host host, Duration budget, String what) {
        return new HostFailure(Kind.DEADLINE, "poll of " + host.name() + " timed out after its deadline of "
                + UnitText.duration(budget) + " waiting for " + what + "; lower concurrency, or raise "
                + "the limit (settings.connects_per_address, settings.polls_per_jump_host) if the server allows more (sshd "
                + "MaxStartups, PerSourceMaxStartups, firewall connection-rate limits)");
    }

    /** The connection was not logged in within connect_timeout, whatever step it was stuck at. */
    static HostFailure connectTimeout(Host host) {
        return new HostFailure(Kind.CONNECT_TIMEOUT, "no SSH connection to " + host.address() + ":" + host.port()
                + " within connect_timeout (" + UnitText.duration(host.connectTimeout()) + "), which bounds the TCP "
                + "connect, the version and key exchanges and the login together; check that the host is up, "
                + "reachable and not overloaded, and that port " + host.port() + " serves SSH");
    }

    static HostFailure classify(Throwable failure, Stage stage, Host host, IdentityKeys.Identity identity) {
        String target = host.address() + ":" + host.port();
        HandshakeInput.BoundBroken bound = find(failure, HandshakeInput.BoundBroken.class);
        if (bound != null) {
            return new HostFailure(Kind.CONNECTION_LOST, "SSH connection to " + target + " refused: the server "
                    + bound.getMessage() + "; check that port " + host.port() + " serves SSH");
        }
        if (has(failure, UnknownHostException.class)) {
            return new HostFailure(Kind.UNKNOWN_HOST, "cannot resolve host address '" + host.address()
                    + "'; check the host's address in hosts.yaml or DNS");
        }
        ConnectException refused = find(failure, ConnectException.class);
        if (refused != null && !String.valueOf(refused.getMessage()).contains("timed out")) {
            return new HostFailure(Kind.CONNECTION_REFUSED, "connection to " + target
                    + " refused; check that sshd listens on port " + host.port() + " and that no firewall rejects it");
        }
        if (stage != Stage.COMMANDS && (refused != null || has(failure, SocketTimeoutException.class)
                || has(failure, TimeoutException.class))) {
            return connectTimeout(host);
        }
        if (stage == Stage.AUTHENTICATE && has(failure, UserAuthException.class)) {
            return new HostFailure(Kind.AUTH_FAILED, "user '" + host.user() + "' was refused with key "
                    + identity.file() + " (" + identity.publicKey().describe() + "); add its public key to ~"
                    + host.user() + "/.ssh/authorized_keys on " + host.name() + " or fix user/identity in hosts.yaml");
        }
        String cause = PrintableText.of(rootMessage(failure));
        return new HostFailure(Kind.CONNECTION_LOST, stage == Stage.COMMANDS
                ? "connection to " + target + " was lost while running commands: " + cause
                : "SSH connection to " + target + " failed: " + cause);
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        return find(failure, type) != null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
