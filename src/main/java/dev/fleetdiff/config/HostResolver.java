package dev.fleetdiff.config;

import dev.fleetdiff.config.GroupsReader.Group;
import dev.fleetdiff.config.GroupsReader.Listing;
import dev.fleetdiff.config.HostLayer.Setting;
import dev.fleetdiff.inventory.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns group listings into hosts: one host per name, settings stacked defaults &lt; groups &lt; host entry, commands
 * united over its groups, and its identity file checked.
 *
 * <p>A host may be listed in several groups, but its own settings (the mapping form) may be given only once; when two
 * of its groups set a key differently, the host entry must settle it.
 */
final class HostResolver {
    private final Source source;
    private final HostLayer defaults;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Set<Path> readableIdentities = new HashSet<>();

    HostResolver(Source source, HostLayer defaults, List<Group> groups) {
        this.source = source;
        this.defaults = defaults;
        groups.forEach(g -> this.groups.put(g.name(), g));
    }

    /** Every host, in the order of its first listing. */
    List<Host> hosts() throws ConfigException {
        Map<String, List<Listing>> byName = new LinkedHashMap<>();
        for (Group group : groups.values()) {
            group.hosts().forEach(l -> byName.computeIfAbsent(l.name(), n -> new ArrayList<>()).add(l));
        }
        List<Host> hosts = new ArrayList<>();
        for (List<Listing> listings : byName.values()) {
            hosts.add(host(listings));
        }
        return hosts;
    }

    private Host host(List<Listing> listings) throws ConfigException {
        Listing first = listings.get(0);
        Listing defining = definingListing(listings);
        HostLayer own = defining.own().orElse(new HostLayer(Map.of()));
        HostLayer fromGroups = new HostLayer(Map.of());
        Set<String> commands = new LinkedHashSet<>();
        List<String> groupNames = new ArrayList<>();
        for (Listing listing : listings) {
            Group group = groups.get(listing.group());
            fromGroups = merge(first.name(), own, fromGroups, group.layer());
            commands.addAll(group.commands());
            groupNames.add(group.name());
        }
        if (commands.isEmpty()) {
            throw source.error(first.line(), "host " + Source.quote(first.name()) + " runs no commands: none of its groups ("
                    + String.join(", ", groupNames) + ") lists any; add commands: [command-name, ...] to one of them");
        }
        HostLayer layer = own.over(fromGroups).over(defaults);
        return new Host(
                first.name(),
                defining.address().orElse(first.name()),
                layer.get("port", Integer.class).orElse(HostLayer.DEFAULT_PORT),
                layer.get("user", String.class).orElse(source.user().name()),
                identity(first, layer),
                layer.get("identity_passphrase_env", String.class),
                layer.get("jump", String.class),
                layer.get("connect_timeout", Duration.class).orElse(HostLayer.DEFAULT_CONNECT_TIMEOUT),
                layer.get("command_timeout", Duration.class).orElse(HostLayer.DEFAULT_COMMAND_TIMEOUT),
                layer.get("max_output", Long.class).orElse(HostLayer.DEFAULT_MAX_OUTPUT_BYTES),
                layer.get("schedule", String.class).orElse(HostLayer.DEFAULT_SCHEDULE),
                layer.get("splay", Duration.class).orElse(HostLayer.DEFAULT_SPLAY),
                List.copyOf(commands),
                groupNames,
                layer.get("failure_alert_after", Integer.class).orElse(Host.DEFAULT_FAILURE_ALERT_AFTER),
                layer.get("stale_after", Duration.class));
    }

    /** The one listing that gives the host's own settings, or its first listing if none does. */
    private Listing definingListing(List<Listing> listings) throws ConfigException {
        Listing defining = null;
        for (Listing listing : listings) {
            if (listing.own().isEmpty()) {
                continue;
            }
            if (defining != null) {
                throw source.error(listing.line(), "host " + Source.quote(listing.name()) + " is defined twice with its own "
                        + "settings (" + Source.firstAt(defining.line(), listing.line()) + " in groups." + defining.group() + "); give its "
                        + "settings once and list it by name only in other groups");
            }
            defining = listing;
        }
        return defining == null ? listings.get(0) : defining;
    }

    /** Adds a group's settings to those of the host's earlier groups, refusing a key two groups set differently. */
    private HostLayer merge(String host, HostLayer own, HostLayer earlier, HostLayer group) throws ConfigException {
        for (Map.Entry<String, Setting> entry : group.settings().entrySet()) {
            String key = entry.getKey();
            Optional<Setting> before = earlier.setting(key);
            Setting now = entry.getValue();
            if (before.isPresent() && !before.get().value().equals(now.value()) && own.setting(key).isEmpty()) {
                throw source.error(now.line(), "host " + Source.quote(host) + " is in " + before.get().where() + " and "
                        + now.where() + ", which set " + key + " differently (" + Source.quote(before.get().text())
                        + " at line " + before.get().line() + ", " + Source.quote(now.text()) + " here); set " + key
                        + " on the host's own entry {name: " + host + ", " + key + ": ...}, or remove it from one group");
            }
        }
        return earlier.over(group);
    }

    /** The host's private key file, which must be readable now rather than fail at every poll. */
    private Path identity(Listing listing, HostLayer layer) throws ConfigException {
        Optional<Setting> setting = layer.setting("identity");
        Path file = setting.map(s -> (Path) s.value()).orElse(source.path(HostLayer.DEFAULT_IDENTITY));
        if (readableIdentities.contains(file)) {
            return file;
        }
        String problem = !Files.exists(file) ? "does not exist"
                : Files.isDirectory(file) ? "is a folder, not a key file"
                : !Files.isReadable(file) ? "is not readable by this user" : "";
        if (problem.isEmpty()) {
            readableIdentities.add(file);
            return file;
        }
        String origin = setting.map(s -> "set in " + s.where() + "; create the key or fix the path")
                .orElse("the default identity; create the key, or set identity in defaults or on this host");
        throw source.error(setting.map(Setting::line).orElse(listing.line()), "host " + Source.quote(listing.name())
                + " uses identity file " + file + ", which " + problem + " (" + origin + ")");
    }
}
