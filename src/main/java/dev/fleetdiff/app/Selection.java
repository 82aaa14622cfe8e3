package dev.fleetdiff.app;

import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which hosts and commands a one-shot poll covers, as asked on the command line.
 *
 * @param hosts   host names
 * @param groups  group names
 * @param all     every host
 * @param command only this command, if set
 */
public record Selection(List<String> hosts, List<String> groups, boolean all, Optional<String> command) {

    /** The hosts selected, in inventory order; fails on an unknown name or an empty selection. */
    public List<Host> hostsIn(Inventory inventory) {
        Set<Host> chosen = new LinkedHashSet<>();
        if (all) {
            chosen.addAll(inventory.hosts());
        }
        for (String group : groups) {
            if (!inventory.groups().containsKey(group)) {
                throw new UsageException("unknown group '" + group + "'; known groups: "
                        + String.join(", ", inventory.groups().keySet()));
            }
            chosen.addAll(inventory.group(group));
        }
        for (String name : hosts) {
            chosen.add(inventory.host(name).orElseThrow(() -> new UsageException("unknown host '" + name
                    + "'; it must be listed under a group in the config (try: fleetdiff check)")));
        }
        if (chosen.isEmpty()) {
            throw new UsageException("no host selected; give --host H, --group G or --all");
        }
        command.ifPresent(c -> inventory.command(c).orElseThrow(() -> new UsageException("unknown command '" + c
                + "'; known commands: " + String.join(", ", inventory.commands().keySet()))));
        List<Host> result = new ArrayList<>(chosen);
        if (command.isPresent()) {
            result.removeIf(h -> !h.commands().contains(command.get()));
            if (result.isEmpty()) {
                throw new UsageException("none of the selected hosts runs command '" + command.get() + "'");
            }
        }
        return result;
    }

    /** The commands to run on a host: all of its own, or only the one asked. */
    public List<Command> commandsFor(Host host, Inventory inventory) {
        return inventory.commandsOf(host).stream()
                .filter(c -> command.isEmpty() || command.get().equals(c.name())).toList();
    }
}
