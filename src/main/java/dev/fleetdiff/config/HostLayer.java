package dev.fleetdiff.config;

import dev.fleetdiff.schedule.QuartzCron;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The per-host keys one section sets (defaults, a group or a host entry), with where each was set; layers stack as
 * defaults &lt; group &lt; host entry.
 *
 * @param settings key to value, only for keys the section sets
 */
record HostLayer(Map<String, Setting> settings) {
    static final List<String> KEYS = List.of("user", "port", "identity", "identity_passphrase_env", "jump",
            "connect_timeout", "command_timeout", "max_output", "schedule", "splay", "failure_alert_after",
            "stale_after");

    static final int DEFAULT_PORT = 22;
    static final String DEFAULT_IDENTITY = "~/.ssh/id_ed25519";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
    static final long DEFAULT_MAX_OUTPUT_BYTES = Units.MIB;
    static final long MAX_OUTPUT_LIMIT_BYTES = Units.GIB;
    static final String DEFAULT_SCHEDULE = "0 */5 * * * ?";
    static final Duration DEFAULT_SPLAY = Duration.ZERO;

    private static final int MAX_PORT = 65_535;
    private static final int MAX_FAILURE_ALERT_AFTER = 1_000;

    HostLayer {
        settings = Map.copyOf(settings);
    }

    /**
     * One key's value and its origin, for precedence and for errors that point at the line to change.
     *
     * @param text  the value as written, for messages
     * @param where the section that set it, e.g. {@code defaults} or {@code groups.web}
     */
    record Setting(Object value, String text, String where, int line) {
    }

    /** Reads the host keys present in a section; the caller has already checked there are no others. */
    static HostLayer read(Section section) throws ConfigException {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (String key : KEYS) {
            Optional<Text> text = section.text(key);
            if (text.isPresent()) {
                Object value = section.parse(section.path(key), text.get(), parser(key, section.source()));
                settings.put(key, new Setting(value, text.get().value(), section.where(), text.get().line()));
            }
        }
        return new HostLayer(settings);
    }

    private static Function<String, Object> parser(String key, Source source) {
        return switch (key) {
            case "user" -> Names::address;
            case "port" -> Units.integer(1, MAX_PORT)::apply;
            case "identity" -> source::path;
            case "identity_passphrase_env" -> Names::envName;
            case "jump" -> Names::jump;
            case "connect_timeout", "command_timeout" -> Units::positiveDuration;
            case "max_output" -> Units.size(MAX_OUTPUT_LIMIT_BYTES)::apply;
            case "schedule" -> HostLayer::schedule;
            case "splay" -> Units::duration;
            case "failure_alert_after" -> Units.integer(1, MAX_FAILURE_ALERT_AFTER)::apply;
            case "stale_after" -> Units::positiveDuration;
            default -> throw new IllegalStateException("no parser for host key " + key);
        };
    }

    /** A Quartz cron expression, checked now so a typo is reported with its line rather than when it would fire. */
    static String schedule(String text) {
        Optional<String> problem = QuartzCron.problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("is not a valid Quartz cron expression: " + problem.get()
                    + "; write second minute hour day-of-month month day-of-week [year], e.g. \"0 */5 * * * ?\"");
        }
        return text.strip();
    }

    /** This layer with {@code lower}'s settings filling the keys it does not set. */
    HostLayer over(HostLayer lower) {
        Map<String, Setting> merged = new LinkedHashMap<>(lower.settings);
        merged.putAll(settings);
        return new HostLayer(merged);
    }

    Optional<Setting> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    <T> Optional<T> get(String key, Class<T> type) {
        return setting(key).map(s -> type.cast(s.value()));
    }
}
