package dev.fleetdiff.testing;

import dev.fleetdiff.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * The README's first command: a throwaway fleet of simulated hosts on loopback, polled by the real CLI. It polls once
 * (silent baseline), opens a listening port on one host, polls again (one alert, rule 140123 of the OSSEC post), and
 * polls a third time (nothing changed). Needs only a JDK: hosts and keys are made in-process.
 */
public final class DemoFleet {
    static final String COMMAND = "netstat -tan |grep LISTEN|grep -v 127.0.0.1";
    static final String PORTS = """
            tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN
            tcp        0      0 0.0.0.0:3306            0.0.0.0:*               LISTEN
            tcp        0      0 0.0.0.0:25              0.0.0.0:*               LISTEN
            """;
    static final String NEW_PORT = "tcp        0      0 0.0.0.0:23456           0.0.0.0:*               LISTEN\n";
    static final List<String> HOSTS = List.of("web1", "web2", "db1");

    private DemoFleet() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path dir = Files.createTempDirectory("fleetdiff-demo-");
        KeyPair client = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path identity = writeIdentity(dir, client);
        List<FakeHost> fleet = new ArrayList<>();
        try {
            StringBuilder hosts = new StringBuilder();
            for (String name : HOSTS) {
                FakeHost host = FakeHost.start(client.getPublic()).reply(COMMAND, Reply.ok(PORTS));
                host.addTo(dir.resolve("known_hosts"));
                fleet.add(host);
                hosts.append("      - { name: ").append(name).append(", address: ").append(FakeHost.ADDRESS)
                        .append(", port: ").append(host.port()).append(" }\n");
            }
            Path config = dir.resolve("hosts.yaml");
            Files.writeString(config, """
                    settings:
                      database: fleetdiff.db
                      alerts_log: alerts.jsonl
                      known_hosts: known_hosts
                      rules: %s
                    defaults:
                      identity: %s
                      command_timeout: 10s
                    commands:
                      listening-ports:
                        run: "%s"
                    groups:
                      demo:
                        commands: [listening-ports]
                        hosts:
                    %s""".formatted(repo.resolve("rules"), identity, COMMAND, hosts));
            say("A fleet of " + HOSTS.size() + " simulated hosts is listening on loopback; config: " + config);
            poll(config, "1. First poll: every output is stored as a silent baseline.");
            fleet.get(1).reply(COMMAND, Reply.ok(NEW_PORT + PORTS));
            say("2. Port 23456 opens on " + HOSTS.get(1) + ".");
            poll(config, "3. Second poll: the change raises one alert.");
            poll(config, "4. Third poll: nothing changed, nothing raised.");
            say("alerts.jsonl now holds " + Files.readAllLines(dir.resolve("alerts.jsonl")).size() + " alert(s): "
                    + dir.resolve("alerts.jsonl"));
            if (List.of(args).contains("--serve")) {
                say("5. The web view of this fleet: open the address below in a browser; Ctrl-C stops.");
                System.out.println("$ fleetdiff serve --config " + config);
                System.out.flush();
                Main.execute("serve", "--config", config.toString());
            }
        } finally {
            fleet.forEach(FakeHost::close);
        }
    }

    private static void poll(Path config, String title) {
        say(title);
        System.out.println("$ fleetdiff poll --all --config " + config);
        System.out.flush();
        int exit = Main.execute("poll", "--all", "--config", config.toString());
        System.out.println("(exit code " + exit + ")");
    }

    private static void say(String text) {
        System.out.println();
        System.out.println("== " + text);
    }

    static Path writeIdentity(Path dir, KeyPair key) throws IOException, GeneralSecurityException {
        Path file = dir.resolve("id_ed25519");
        try (var out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "fleetdiff-demo", null, out);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("id_ed25519.pub"),
                PublicKeyEntry.toString(key.getPublic()) + " fleetdiff-demo\n", StandardCharsets.UTF_8);
        return file;
    }
}
