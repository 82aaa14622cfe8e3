package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.config.Settings;
import dev.fleetdiff.inventory.HostKeyPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How an {@link SshjCollector} trusts hosts and watches connections.
 *
 * @param knownHosts         OpenSSH known_hosts file (settings.known_hosts); created if accept-new adds to it
 * @param hostKeyPolicy      what to do with a host whose key is not in known_hosts
 * @param env                environment lookup for key passphrases ({@code System::getenv}; a map in tests)
 * @param keepAliveInterval  idle time between keep-alive requests; whole seconds, at least one
 * @param keepAliveMaxMissed unanswered keep-alives after which the peer counts as dead and the connection is dropped
 * @param connectsPerAddress connections to one address:port (as configured) open but not yet authenticated at once
 * @param pollsPerJumpHost   polls running through one jump host (address:port) at once
 */
public record SshOptions(Path knownHosts, HostKeyPolicy hostKeyPolicy, Function<String, String> env,
                         Duration keepAliveInterval, int keepAliveMaxMissed, int connectsPerAddress,
                         int pollsPerJumpHost) {

    /** Keep-alive every 5 s ... */
    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(5);
    /** ... and a peer silent for 3 of them (about 15 s) is dead, like OpenSSH's ServerAliveCountMax=3. */
    public static final int DEFAULT_KEEP_ALIVE_MAX_MISSED = 3;

    public SshOptions {
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
        Objects.requireNonNull(env, "env");
        if (keepAliveInterval.toMillis() < 1000 || keepAliveInterval.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("keepAliveInterval must be whole seconds, at least 1s: " + keepAliveInterval);
        }
        if (keepAliveMaxMissed < 1) {
            throw new IllegalArgumentException("keepAliveMaxMissed must be at least 1: " + keepAliveMaxMissed);
        }
        if (connectsPerAddress < 1 || pollsPerJumpHost < 1) {
            throw new IllegalArgumentException("connectsPerAddress and pollsPerJumpHost must be at least 1: "
                    + connectsPerAddress + ", " + pollsPerJumpHost);
        }
    }

    /** Options with the default connection limits (those of hosts.yaml's settings). */
    public SshOptions(Path knownHosts, HostKeyPolicy hostKeyPolicy, Function<String, String> env,
                      Duration keepAliveInterval, int keepAliveMaxMissed) {
        this(knownHosts, hostKeyPolicy, env, keepAliveInterval, keepAliveMaxMissed,
                Settings.DEFAULT_CONNECTS_PER_ADDRESS, Settings.DEFAULT_POLLS_PER_JUMP_HOST);
    }

    /** Options with the default keep-alive and connection limits. */
    public SshOptions(Path knownHosts, HostKeyPolicy hostKeyPolicy, Function<String, String> env) {
        this(knownHosts, hostKeyPolicy, env, DEFAULT_KEEP_ALIVE_INTERVAL, DEFAULT_KEEP_ALIVE_MAX_MISSED);
    }

    /** These options with other connection limits. */
    public SshOptions withLimits(int connectsPerAddress, int pollsPerJumpHost) {
        return new SshOptions(knownHosts, hostKeyPolicy, env, keepAliveInterval, keepAliveMaxMissed, connectsPerAddress,
                pollsPerJumpHost);
    }
}
