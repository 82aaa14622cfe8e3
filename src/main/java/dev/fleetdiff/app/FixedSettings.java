package dev.fleetdiff.app;

import dev.fleetdiff.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings a running daemon keeps until it restarts, since each opens or sizes something at start (the database,
 * the alert log, the SSH client and its limits, the schedule's slots, the
 * cluster's node name and tables); a reload applies all the others.
 */
final class FixedSettings {
    private static final Map<String, Function<Settings, Object>> FIXED = new LinkedHashMap<>();

    static {
        FIXED.put("settings.database", Settings::databaseUrl);
        FIXED.put("settings.alerts_log", Settings::alertsLog);
        FIXED.put("settings.known_hosts", Settings::knownHosts);
        FIXED.put("settings.host_key_policy", Settings::hostKeyPolicy);
        FIXED.put("settings.concurrency", Settings::concurrency);
        FIXED.put("settings.connects_per_address", Settings::connectsPerAddress);
        FIXED.put("settings.polls_per_jump_host", Settings::pollsPerJumpHost);
        FIXED.put("settings.cluster", Settings::cluster);
        FIXED.put("settings.node_name", Settings::nodeName);
        FIXED.put("settings.cluster_table_prefix", Settings::clusterTablePrefix);
        FIXED.put("settings.http", Settings::http);
    }

    private FixedSettings() {
    }

    /** Names (as in hosts.yaml) of the fixed settings whose values differ, in the order of the file's reference. */
    static List<String> changed(Settings running, Settings loaded) {
        List<String> changed = new ArrayList<>();
        FIXED.forEach((name, value) -> {
            if (!Objects.equals(value.apply(running), value.apply(loaded))) {
                changed.add(name);
            }
        });
        return changed;
    }
}
