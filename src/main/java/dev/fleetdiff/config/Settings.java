package dev.fleetdiff.config;

import dev.fleetdiff.inventory.HostKeyPolicy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code settings} section with every relative path resolved against the config file's folder.
 *
 * @param databaseUrl JDBC URL: {@code jdbc:sqlite:/abs/fleetdiff.db} or a {@code jdbc:postgresql://} URL as given
 * @param rules       the folder of rule files; empty for {@code rules: builtin}, one check_diff rule on every command
 * @param cluster     run Quartz on the clustered JDBC job store (PostgreSQL only)
 * @param concurrency hosts polled at once
 * @param connectsPerAddress connections to one address:port that may be open but not yet authenticated at once
 * @param pollsPerJumpHost   polls that may run through one jump host at once
 * @param retention          how much history {@code prune} and the daemon's daily pruning keep
 * @param nodeName           this node's id in a cluster; empty for one Quartz makes from the host name and start time
 * @param clusterTablePrefix start of the names of the scheduler's tables in a cluster's database
 * @param http               the web view and /metrics; empty: none
 * @param report             the report {@code run} mails on a schedule, if any
 */
public record Settings(
        String databaseUrl,
        Optional<Path> rules,
        Path alertsLog,
        Path knownHosts,
        HostKeyPolicy hostKeyPolicy,
        int concurrency,
        boolean cluster,
        Optional<MailSettings> mail,
        int connectsPerAddress,
        int pollsPerJumpHost,
        Retention retention,
        Optional<String> nodeName,
        String clusterTablePrefix,
        Optional<HttpSettings> http,
        Optional<ReportSettings> report) {

    /** The {@code rules} value that asks for the one built-in rule instead of a folder: a missing folder is an error. */
    public static final String BUILTIN_RULES = "builtin";
    public static final int DEFAULT_CONCURRENCY = 64;
    /** Below OpenSSH's MaxStartups default of 10, where sshd starts dropping unauthenticated connections. */
    public static final int DEFAULT_CONNECTS_PER_ADDRESS = 8;
    /** Polls through one bastion at once, each with its own SSH connection to it and one forwarded TCP connection. */
    public static final int DEFAULT_POLLS_PER_JUMP_HOST = 10;
    /** Quartz's own table prefix, so that its documentation and tools apply as they are. */
    public static final String DEFAULT_CLUSTER_TABLE_PREFIX = "qrtz_";

    /** Settings with no node name, the default cluster table prefix, no web view and no scheduled report. */
    public Settings(String databaseUrl, Optional<Path> rules, Path alertsLog, Path knownHosts,
                    HostKeyPolicy hostKeyPolicy, int concurrency, boolean cluster, Optional<MailSettings> mail,
                    int connectsPerAddress, int pollsPerJumpHost, Retention retention) {
        this(databaseUrl, rules, alertsLog, knownHosts, hostKeyPolicy, concurrency, cluster, mail, connectsPerAddress,
                pollsPerJumpHost, retention, Optional.empty(), DEFAULT_CLUSTER_TABLE_PREFIX, Optional.empty(),
                Optional.empty());
    }

    /** Settings with the default connection limits. */
    public Settings(String databaseUrl, Optional<Path> rules, Path alertsLog, Path knownHosts, HostKeyPolicy hostKeyPolicy,
                    int concurrency, boolean cluster, Optional<MailSettings> mail) {
        this(databaseUrl, rules, alertsLog, knownHosts, hostKeyPolicy, concurrency, cluster, mail,
                DEFAULT_CONNECTS_PER_ADDRESS, DEFAULT_POLLS_PER_JUMP_HOST);
    }

    /** Settings with the default retention. */
    public Settings(String databaseUrl, Optional<Path> rules, Path alertsLog, Path knownHosts,
                    HostKeyPolicy hostKeyPolicy, int concurrency, boolean cluster, Optional<MailSettings> mail,
                    int connectsPerAddress,
                    int pollsPerJumpHost) {
        this(databaseUrl, rules, alertsLog, knownHosts, hostKeyPolicy, concurrency, cluster, mail,
                connectsPerAddress, pollsPerJumpHost, Retention.DEFAULT);
    }

    /**
     * The JDBC URL for a {@code database} value: a {@code jdbc:} URL as given, anything else an SQLite file, made a
     * path by {@code toPath} (config values resolve against the config's folder, command-line values against the
     * working directory).
     */
    public static String databaseUrl(String value, java.util.function.Function<String, Path> toPath) {
        return value.startsWith("jdbc:") ? value : "jdbc:sqlite:" + toPath.apply(value).toAbsolutePath();
    }
}
