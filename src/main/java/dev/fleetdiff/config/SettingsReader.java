package dev.fleetdiff.config;

import dev.fleetdiff.inventory.HostKeyPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code settings} section: where the database, rules and logs live, and how hosts are trusted and polled. */
final class SettingsReader {
    static final List<String> KEYS = List.of("database", "rules", "alerts_log", "known_hosts", "host_key_policy",
            "concurrency", "connects_per_address", "polls_per_jump_host", "cluster", "node_name", "cluster_table_prefix",
            "mail", "retention", "http", "report");
    static final List<String> RETENTION_KEYS = List.of("keep_versions", "keep_days");

    static final String DEFAULT_DATABASE = "fleetdiff.db";
    static final String DEFAULT_RULES = "rules/";
    static final String DEFAULT_ALERTS_LOG = "alerts.jsonl";
    static final String DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts";
    static final HostKeyPolicy DEFAULT_HOST_KEY_POLICY = HostKeyPolicy.STRICT;
    static final boolean DEFAULT_CLUSTER = false;

    /** A node name is shown in logs and status and kept by Quartz in a VARCHAR(200) column. */
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** The prefix becomes part of unquoted SQL identifiers, which PostgreSQL keeps to 63 bytes. */
    private static final Pattern TABLE_PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,29}");
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";
    /** About 27,000 years: any longer does not fit a date. */
    private static final int MAX_KEEP_DAYS = 10_000_000;
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";

    private SettingsReader() {
    }

    static Settings read(Section top) throws ConfigException {
        Section section = top.sectionOrEmpty("settings", KEYS);
        Source source = section.source();
        String databaseUrl = section.value("database", text -> databaseUrl(source, text))
                .orElse(databaseUrl(source, DEFAULT_DATABASE));
        boolean cluster = section.value("cluster", Units::bool).orElse(DEFAULT_CLUSTER);
        if (cluster && !databaseUrl.startsWith(POSTGRESQL_PREFIX)) {
            // Only an SQLite path is shown: another URL may hold a password.
            String shown = databaseUrl.startsWith(SQLITE_PREFIX) ? Source.quote(databaseUrl) : "another kind of URL";
            throw source.error(section.valueLine("cluster"), "settings.cluster needs a PostgreSQL database, but database is "
                    + shown + "; set database: jdbc:postgresql://host/db or set cluster: false");
        }
        return new Settings(
                databaseUrl,
                section.value("rules", text -> rules(source, text)).orElse(rules(source, DEFAULT_RULES)),
                pathOrDefault(section, "alerts_log", DEFAULT_ALERTS_LOG),
                pathOrDefault(section, "known_hosts", DEFAULT_KNOWN_HOSTS),
                section.value("host_key_policy", SettingsReader::hostKeyPolicy).orElse(DEFAULT_HOST_KEY_POLICY),
                section.value("concurrency", Units.integer(1, Integer.MAX_VALUE)).orElse(Settings.DEFAULT_CONCURRENCY),
                cluster,
                MailReader.read(section),
                section.value("connects_per_address", Units.integer(1, Integer.MAX_VALUE))
                        .orElse(Settings.DEFAULT_CONNECTS_PER_ADDRESS),
                section.value("polls_per_jump_host", Units.integer(1, Integer.MAX_VALUE))
                        .orElse(Settings.DEFAULT_POLLS_PER_JUMP_HOST),
                retention(section),
                section.value("node_name", text -> matching(text, NODE_NAME, "is not a node name; use 1 to 100 "
                        + "letters, digits, '.', '_' or '-', starting with a letter or digit")),
                section.value("cluster_table_prefix", text -> matching(text, TABLE_PREFIX, "is not a table prefix;"
                        + " use up to 30 lower-case letters, digits or '_', not starting with a digit"))
                        .orElse(Settings.DEFAULT_CLUSTER_TABLE_PREFIX),
                HttpReader.read(section),
                report(section));
    }

    private static String matching(String text, Pattern pattern, String problem) {
        if (!pattern.matcher(text).matches()) {
            throw new IllegalArgumentException(problem);
        }
        return text;
    }

    /** settings.report: a schedule (checked now), the period's length and the recipients. */
    private static Optional<ReportSettings> report(Section settings) throws ConfigException {
        Optional<Section> found = settings.section("report", ReportSettings.KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Section report = found.get();
        String schedule = report.required("schedule", HostLayer::schedule, "\"0 0 7 ? * MON\" (Mondays at 07:00)");
        return Optional.of(new ReportSettings(schedule,
                report.value("since", Units::positiveDuration).orElse(ReportSettings.DEFAULT_SINCE),
                report.list("to", Names::mailAddress, true).orElse(List.of())));
    }

    private static Retention retention(Section settings) throws ConfigException {
        Optional<Section> found = settings.section("retention", RETENTION_KEYS);
        if (found.isEmpty()) {
            return Retention.DEFAULT;
        }
        Section retention = found.get();
        return new Retention(
                retention.value("keep_versions", Units.integer(1, Integer.MAX_VALUE))
                        .orElse(Retention.DEFAULT_KEEP_VERSIONS),
                retention.value("keep_days", Units.integer(1, MAX_KEEP_DAYS)).orElse(Retention.DEFAULT_KEEP_DAYS));
    }

    private static Path pathOrDefault(Section section, String key, String fallback) throws ConfigException {
        Source source = section.source();
        return section.value(key, source::path).orElse(source.path(fallback));
    }

    private static Optional<Path> rules(Source source, String text) {
        return text.equals(Settings.BUILTIN_RULES) ? Optional.empty() : Optional.of(source.path(text));
    }

    private static String databaseUrl(Source source, String text) {
        return Settings.databaseUrl(text, source::path);
    }

    private static HostKeyPolicy hostKeyPolicy(String text) {
        return switch (text) {
            case "strict" -> HostKeyPolicy.STRICT;
            case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
            case "off", "no", "false", "none", "ignore", "accept-all", "insecure" -> throw new IllegalArgumentException(
                    "is not supported: without host key checking anyone on the network path can pose as a host, "
                    + "read what it is sent and feed fleetdiff false outputs; use strict (keys must be in known_hosts) "
                    + "or accept-new (trust a new host's key once, refuse a changed key)");
            default -> throw new IllegalArgumentException("is not a host key policy; write strict or accept-new");
        };
    }
}
