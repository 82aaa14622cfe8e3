package dev.fleetdiff.app;

import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The hash of what decides a cluster's polls and alerts: the inventory as loaded (hosts, commands, groups, schedules)
 * and the rule files. Settings are left out, so nodes may differ in node_name, mail or paths of their own; comments
 * and layout of hosts.yaml are left out too.
 */
final class ConfigHash {
    static final String PREFIX = "sha256:";

    private ConfigHash() {
    }

    static String of(FleetConfig config) {
        MessageDigest digest = sha256();
        Inventory inventory = config.inventory();
        for (Host host : inventory.hosts()) {
            add(digest, "host", host.toString());
        }
        for (Command command : new TreeMap<>(inventory.commands()).values()) {
            // a set's order differs between JVMs: sorted, so that every node makes the same text
            add(digest, "command", List.of(command.name(), command.run(), command.compare(), command.ignore(),
                    command.schedule(), command.timeout(), command.maxOutput(),
                    new TreeSet<>(command.successExits()), command.baseline()).toString());
        }
        add(digest, "groups", new TreeMap<>(inventory.groups()).toString());
        Optional<Path> rules = config.settings().rules();
        if (rules.isEmpty()) {
            add(digest, "rules", "builtin");
        } else {
            for (Path file : ruleFiles(rules.get())) {
                add(digest, "rule file", file.getFileName().toString());
                try {
                    digest.update(Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + " to hash the rules", e);
                }
            }
        }
        return PREFIX + HexFormat.of().formatHex(digest.digest());
    }

    /** Every *.xml in the folder, in name order, as the rule loader reads them. */
    private static List<Path> ruleFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " to hash the rules", e);
        }
    }

    /** A labelled, length-prefixed part, so that no two different configurations make the same bytes. */
    private static void add(MessageDigest digest, String label, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update((label + ":" + bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
