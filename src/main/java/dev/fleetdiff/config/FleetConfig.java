package dev.fleetdiff.config;

import dev.fleetdiff.inventory.Inventory;
import java.nio.file.Path;

/** A loaded hosts.yaml: where it came from, its settings and its inventory. */
public record FleetConfig(Path file, Settings settings, Inventory inventory) {
}
