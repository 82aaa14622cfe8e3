package dev.fleetdiff.collect;

import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import java.util.List;

/** Polls one host: one connection, every command on it, within the host's deadline. Never throws for host trouble. */
public interface Collector extends AutoCloseable {

    /**
     * Runs the commands on the host and returns their results, or the reason the host could not be polled.
     * Blocks at most about {@link Host#pollDeadline(List)}.
     */
    HostPoll poll(Host host, List<Command> commands);

    @Override
    void close();
}
