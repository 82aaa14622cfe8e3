package dev.fleetdiff.config;

import java.nio.file.Path;

/**
 * The account fleetdiff runs as: its home is what {@code ~} means in hosts.yaml and its name is the default SSH user.
 *
 * @param name the SSH user for hosts that set none
 * @param home the folder {@code ~/} expands to
 */
record LocalUser(String name, Path home) {
    static LocalUser current() {
        return new LocalUser(System.getProperty("user.name"), Path.of(System.getProperty("user.home")));
    }
}
