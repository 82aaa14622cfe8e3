package dev.fleetdiff.app;

import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A hosts.yaml in which in-process hosts web0, web1, ... all run one command, {@code ports}, for the app's tests. */
final class PortsFleet {
    static final String COMMAND = "netstat -tan";

    private PortsFleet() {
    }

    /** Writes dir/hosts.yaml naming the hosts in order, with known_hosts beside it and no rules folder. */
    static Path write(Path dir, ClientKey key, List<FakeHost> hosts) throws IOException {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++) {
            list.append("      - { name: web").append(i).append(", address: ").append(FakeHost.ADDRESS)
                    .append(", port: ").append(hosts.get(i).port()).append(" }\n");
        }
        Path file = dir.resolve("hosts.yaml");
        Files.writeString(file, """
                settings:
                  known_hosts: known_hosts
                  rules: builtin
                defaults:
                  identity: %s
                commands:
                  ports: { run: "%s" }
                groups:
                  web:
                    commands: [ports]
                    hosts:
                %s""".formatted(key.privateKeyFile(), COMMAND, list));
        return file;
    }
}
