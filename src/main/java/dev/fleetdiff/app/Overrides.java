package dev.fleetdiff.app;

import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.Settings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Command-line values that replace settings from hosts.yaml ({@code --db}, {@code --rules DIR}, {@code --rules builtin}).
 *
 * @param database a JDBC URL or an SQLite file path, relative to the working directory
 */
public record Overrides(Optional<String> database, Optional<Path> rules) {
    public static final Overrides NONE = new Overrides(Optional.empty(), Optional.empty());

    /** The config with these values in place of its own. */
    public FleetConfig applyTo(FleetConfig config) {
        Settings s = config.settings();
        String url = database.map(d -> Settings.databaseUrl(d, Path::of)).orElse(s.databaseUrl());
        Optional<Path> rulesDir = rules.isEmpty() ? s.rules()
                : rules.get().toString().equals(Settings.BUILTIN_RULES) ? Optional.empty()
                : Optional.of(rules.get().toAbsolutePath());
        Settings changed = new Settings(url, rulesDir, s.alertsLog(), s.knownHosts(), s.hostKeyPolicy(),
                s.concurrency(), s.cluster(), s.mail(), s.connectsPerAddress(), s.pollsPerJumpHost(),
                s.retention(), s.nodeName(), s.clusterTablePrefix(), s.http(), s.report());
        return new FleetConfig(config.file(), changed, config.inventory());
    }
}
