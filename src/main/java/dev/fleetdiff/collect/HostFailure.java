package dev.fleetdiff.collect;

/** Why a host could not be polled. The message is safe to print: it never holds raw bytes from the host. */
public record HostFailure(Kind kind, String message) {

    /** Failure classes, each with its own clear reason in reports. */
    public enum Kind {
        /** The host presented a key different from the one in known_hosts: refused, raised as a security alert. */
        HOST_KEY_CHANGED,
        /** The host's key is not in known_hosts and the policy is strict. */
        HOST_KEY_UNKNOWN,
        CONNECTION_REFUSED,
        CONNECT_TIMEOUT,
        UNKNOWN_HOST,
        AUTH_FAILED,
        /** The whole poll ran past its deadline and the watchdog disconnected. */
        DEADLINE,
        /** The connection broke (reset, keep-alive found the peer dead, protocol error). */
        CONNECTION_LOST,
        /** Local problem: missing key file, missing passphrase, bad jump host. */
        LOCAL
    }
}
