package dev.fleetdiff.collect.ssh;

import dev.fleetdiff.inventory.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Copies of a test host with one setting changed. */
final class HostVariants {

    private HostVariants() {
    }

    static Host timeouts(Host h, Duration connect, Duration command) {
        return new Host(h.name(), h.address(), h.port(), h.user(), h.identity(), h.identityPassphraseEnv(), h.jump(),
                connect, command, h.maxOutput(), h.schedule(), h.splay(), h.commands(), h.groups());
    }

    static Host maxOutput(Host h, long maxOutput) {
        return new Host(h.name(), h.address(), h.port(), h.user(), h.identity(), h.identityPassphraseEnv(), h.jump(),
                h.connectTimeout(), h.commandTimeout(), maxOutput, h.schedule(), h.splay(), h.commands(), h.groups());
    }

    static Host identity(Host h, Path identity, Optional<String> passphraseEnv) {
        return new Host(h.name(), h.address(), h.port(), h.user(), identity, passphraseEnv, h.jump(),
                h.connectTimeout(), h.commandTimeout(), h.maxOutput(), h.schedule(), h.splay(), h.commands(), h.groups());
    }

    static Host jump(Host h, String jump) {
        return new Host(h.name(), h.address(), h.port(), h.user(), h.identity(), h.identityPassphraseEnv(), Optional.of(jump),
                h.connectTimeout(), h.commandTimeout(), h.maxOutput(), h.schedule(), h.splay(), h.commands(), h.groups());
    }

    static Host port(Host h, int port) {
        return new Host(h.name(), h.address(), port, h.user(), h.identity(), h.identityPassphraseEnv(), h.jump(),
                h.connectTimeout(), h.commandTimeout(), h.maxOutput(), h.schedule(), h.splay(), h.commands(), h.groups());
    }

    static Host name(Host h, String name) {
        return new Host(name, h.address(), h.port(), h.user(), h.identity(), h.identityPassphraseEnv(), h.jump(),
                h.connectTimeout(), h.commandTimeout(), h.maxOutput(), h.schedule(), h.splay(), h.commands(), h.groups());
    }
}
