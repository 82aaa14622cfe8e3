package dev.fleetdiff.app;

import java.util.List;

/**
 * What a reload put in use: the inventory, rules and mail settings of the new files, all at once.
 *
 * @param hosts       hosts now scheduled
 * @param needRestart settings changed in the file that the running daemon keeps until restarted (hosts.yaml names)
 */
public record Reload(int hosts, List<String> needRestart) {
    public Reload {
        needRestart = List.copyOf(needRestart);
    }
}
