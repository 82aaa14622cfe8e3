package dev.fleetdiff.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One host with its effective settings (defaults, then group, then host overrides applied).
 *
 * @param name                   unique key everywhere (store, alerts, CLI)
 * @param address                what to connect to (defaults to the name)
 * @param identity               private key file
 * @param identityPassphraseEnv  environment variable holding the key's passphrase, if the key is encrypted
 * @param jump                   ProxyJump target "user@bastion:port", if any
 * @param maxOutput              bytes kept per command output; a command printing more is cut there, and what was kept is compared
 * @param schedule               Quartz cron for commands without their own schedule
 * @param splay                  upper bound of the fixed per-host offset of each scheduled poll after its fire time
 * @param commands               names of the commands to run, in order
 * @param groups                 names of the groups the host belongs to
 * @param failureAlertAfter      polls failed in a row that make the host "failing", raising one alert
 * @param staleAfter             time without a good poll that makes the host "stale", raising one alert; empty for the
 *                               default (three periods of its schedule when the daemon polls it, a day for polls by hand)
 */
public record Host(
        String name,
        String address,
        int port,
        String user,
        Path identity,
        Optional<String> identityPassphraseEnv,
        Optional<String> jump,
        Duration connectTimeout,
        Duration commandTimeout,
        long maxOutput,
        String schedule,
        Duration splay,
        List<String> commands,
        List<String> groups,
        int failureAlertAfter,
        Optional<Duration> staleAfter) {

    /** Polls failed in a row before a host is "failing", unless hosts.yaml says otherwise. */
    public static final int DEFAULT_FAILURE_ALERT_AFTER = 3;

    public Host {
        commands = List.copyOf(commands);
        groups = List.copyOf(groups);
        if (failureAlertAfter < 1) {
            throw new IllegalArgumentException("failure_alert_after must be at least 1, was " + failureAlertAfter);
        }
    }

    /** A host with the default failure and staleness thresholds. */
    public Host(String name, String address, int port, String user, Path identity,
                Optional<String> identityPassphraseEnv, Optional<String> jump, Duration connectTimeout,
                Duration commandTimeout, long maxOutput, String schedule, Duration splay, List<String> commands,
                List<String> groups) {
        this(name, address, port, user, identity, identityPassphraseEnv, jump, connectTimeout, commandTimeout,
                maxOutput, schedule, splay, commands, groups, DEFAULT_FAILURE_ALERT_AFTER, Optional.empty());
    }

    /**
     * Time allowed for one poll of these commands: connecting twice over (a jump host), plus each command's own
     * timeout, one after another at worst.
     */
    public Duration pollDeadline(List<Command> polled) {
        Duration commandsTime = polled.stream().map(c -> c.timeoutOn(this)).reduce(Duration.ZERO, Duration::plus);
        return connectTimeout.multipliedBy(2).plus(polled.isEmpty() ? commandTimeout : commandsTime);
    }
}
