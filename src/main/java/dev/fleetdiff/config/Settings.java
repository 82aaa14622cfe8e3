package dev.fleetdiff.config;

import dev.fleetdiff.inventory.HostKeyPolicy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code settings} section with every relative path resolved against the config file's folder.
 *
 * @param databaseUrl JDBC URL: {@code jdbc:sqlite:/abs/fleetdiff.db} or a {@code jdbc:postgresql://} URL as given
 * @param cluster     run Quartz on the clustered JDBC job store (PostgreSQL only)
 * @param concurrency hosts polled at once
 */
public record Settings(
        String databaseUrl,
        Path rules,
        Path alertsLog,
        Path knownHosts,
        HostKeyPolicy hostKeyPolicy,
        int concurrency,
        boolean cluster,
        Optional<MailSettings> mail) {

    public static final int DEFAULT_CONCURRENCY = 64;

    /**
     * The JDBC URL for a {@code database} value: a {@code jdbc:} URL as given, anything else an SQLite file, made a
     * path by {@code toPath} (config values resolve against the config's folder, command-line values against the
     * working directory).
     */
    public static String databaseUrl(String value, java.util.function.Function<String, Path> toPath) {
        return value.startsWith("jdbc:") ? value : "jdbc:sqlite:" + toPath.apply(value).toAbsolutePath();
    }
}
