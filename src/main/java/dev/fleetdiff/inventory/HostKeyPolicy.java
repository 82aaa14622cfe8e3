package dev.fleetdiff.inventory;

/** What to do with a host key that is not in known_hosts. A changed key is refused under every policy. */
public enum HostKeyPolicy {
    /** Only keys already in known_hosts are accepted. */
    STRICT,
    /** An unknown host's key is trusted on first use and appended to known_hosts. */
    ACCEPT_NEW
}
