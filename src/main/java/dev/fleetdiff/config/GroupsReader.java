package dev.fleetdiff.config;

import dev.fleetdiff.inventory.Command;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code groups} section as written: each group's settings, command names and host listings. */
final class GroupsReader {
    static final List<String> GROUP_KEYS = Stream.concat(Stream.of("hosts", "commands"), HostLayer.KEYS.stream()).toList();
    static final List<String> HOST_KEYS = Stream.concat(Stream.of("name", "address"), HostLayer.KEYS.stream()).toList();

    private GroupsReader() {
    }

    /**
     * A group as written.
     *
     * @param layer    the host keys the group sets for its hosts
     * @param commands names of the commands its hosts run, in file order
     * @param hosts    its host listings, in file order
     */
    record Group(String name, int line, HostLayer layer, List<String> commands, List<Listing> hosts) {
    }

    /**
     * One listing of a host in a group: by name only, or as a mapping with its own settings.
     *
     * @param address the address given in the listing, if any
     * @param own     the host keys the listing sets, if it is a mapping
     */
    record Listing(String name, int line, String group, Optional<String> address, Optional<HostLayer> own) {
    }

    static List<Group> read(Section top, Map<String, Command> commands) throws ConfigException {
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<String, Section> entry : top.named("groups", "group", GROUP_KEYS).entrySet()) {
            Section group = entry.getValue();
            groups.add(new Group(entry.getKey(), group.line(), HostLayer.read(group), commandNames(group, commands),
                    listings(group, entry.getKey())));
        }
        return groups;
    }

    private static List<String> commandNames(Section group, Map<String, Command> commands) throws ConfigException {
        List<String> names = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        for (Node item : group.sequence("commands", "a list of command names like [listening-ports, passwd]")) {
            Text name = group.text(group.path("commands"), item, "a command name");
            if (!commands.containsKey(name.value())) {
                String fix = ClosestWord.to(name.value(), commands.keySet()).map(c -> "fix the name (did you mean '" + c + "'?)")
                        .orElse("fix the name");
                String known = commands.isEmpty() ? "no commands are defined" : "defined commands: " + String.join(", ", commands.keySet());
                throw group.source().error(name.line(), "unknown command " + Source.quote(name.value()) + " in "
                        + group.path("commands") + "; " + known + "; " + fix + " or define it under commands");
            }
            Integer first = lines.putIfAbsent(name.value(), name.line());
            if (first != null) {
                throw group.source().error(name.line(), "command " + Source.quote(name.value()) + " is listed twice in "
                        + group.path("commands") + " (" + Source.firstAt(first, name.line()) + "); remove one");
            }
            names.add(name.value());
        }
        return names;
    }

    private static List<Listing> listings(Section group, String groupName) throws ConfigException {
        String where = group.path("hosts");
        List<Node> items = group.sequence("hosts", "a list of host names or {name: ..., address: ...} mappings");
        if (items.isEmpty()) {
            throw group.source().error(group.line(), group.where() + " has no hosts; add hosts: [host-name, ...] "
                    + "or remove the group");
        }
        List<Listing> listings = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        for (Node item : items) {
            Listing listing = item instanceof MappingNode ? entry(group.source(), where, item, groupName)
                    : nameOnly(group, where, item, groupName);
            Integer first = lines.putIfAbsent(listing.name(), listing.line());
            if (first != null) {
                throw group.source().error(listing.line(), "host " + Source.quote(listing.name()) + " is listed twice in "
                        + where + " (" + Source.firstAt(first, listing.line()) + "); remove one");
            }
            listings.add(listing);
        }
        return listings;
    }

    private static Listing nameOnly(Section group, String where, Node item, String groupName) throws ConfigException {
        Text text = group.text(where, item, "a host name or a mapping like {name: web2, address: 10.0.0.12}");
        String name = group.parse("host name in " + where, text, Names::name);
        return new Listing(name, text.line(), groupName, Optional.empty(), Optional.empty());
    }

    private static Listing entry(Source source, String where, Node item, String groupName) throws ConfigException {
        Section host = Section.of(source, where, item, HOST_KEYS);
        Text name = host.text("name").orElseThrow(() -> source.error(item, "a host in " + where
                + " has no name; add name: HOST-NAME to the mapping"));
        return new Listing(host.parse("host name in " + where, name, Names::name), name.line(), groupName,
                host.value("address", Names::address), Optional.of(HostLayer.read(host)));
    }
}
