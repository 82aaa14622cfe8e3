package dev.fleetdiff.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every host and command of a hosts.yaml, in file order. */
public record Inventory(List<Host> hosts, Map<String, Command> commands, Map<String, List<String>> groups) {
    public Inventory {
        hosts = List.copyOf(hosts);
        commands = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(commands));
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    public Optional<Host> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    public Optional<Command> command(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    /** The commands a host runs, resolved from their names. */
    public List<Command> commandsOf(Host host) {
        List<Command> result = new ArrayList<>();
        for (String name : host.commands()) {
            Command command = commands.get(name);
            if (command != null) {
                result.add(command);
            }
        }
        return result;
    }

    /** Hosts belonging to a group, in file order. */
    public List<Host> group(String name) {
        return hosts.stream().filter(h -> h.groups().contains(name)).toList();
    }
}
