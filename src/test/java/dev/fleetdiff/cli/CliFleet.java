package dev.fleetdiff.cli;

import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A few in-process fake hosts with a hosts.yaml in a temp folder, and a way to run the CLI on them. */
final class CliFleet implements AutoCloseable {
    static final String PORTS_COMMAND = "netstat -tan |grep LISTEN|grep -v 127.0.0.1";

    final Path dir;
    final Path config;
    final Map<String, FakeHost> hosts = new LinkedHashMap<>();

    /** The CLI's exit code and what it printed, standard output also as the exact bytes. */
    record Run(int exit, String out, String err, byte[] outBytes) {
    }

    CliFleet(Path dir, String extraYaml, String... names) {
        this.dir = dir;
        this.config = dir.resolve("hosts.yaml");
        ClientKey key = ClientKey.ed25519(dir);
        StringBuilder list = new StringBuilder();
        for (String name : names) {
            FakeHost host = FakeHost.start(key.publicKey());
            host.addTo(dir.resolve("known_hosts"));
            hosts.put(name, host);
            list.append("      - { name: ").append(name).append(", address: ").append(FakeHost.ADDRESS)
                    .append(", port: ").append(host.port()).append(" }\n");
        }
        write("""
                settings:
                  known_hosts: known_hosts
                  rules: builtin
                %s
                defaults:
                  identity: %s
                  command_timeout: 5s
                commands:
                  listening-ports:
                    run: "%s"
                groups:
                  web:
                    commands: [listening-ports]
                    hosts:
                %s""".formatted(extraYaml, key.privateKeyFile(), PORTS_COMMAND, list));
    }

    void write(String yaml) {
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds settings (YAML lines indented under it) to the listening-ports command of hosts.yaml. */
    void commandSettings(String yaml) {
        try {
            String config = Files.readString(this.config);
            String run = "    run: \"" + PORTS_COMMAND + "\"\n";
            if (!config.contains(run)) {
                throw new IllegalStateException("hosts.yaml has no listening-ports command to extend");
            }
            write(config.replace(run, run + yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CliFleet reply(String host, String output) {
        hosts.get(host).reply(PORTS_COMMAND, Reply.ok(output));
        return this;
    }

    /** Runs {@code fleetdiff <args> --config hosts.yaml} in-process, capturing its output. */
    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return execute(all.toArray(String[]::new));
    }

    /** Runs {@code fleetdiff <args>} in-process as they are, capturing its output. */
    static Run execute(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int exit = Main.execute(args);
            return new Run(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8),
                    outBytes.toByteArray());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    List<String> alertLines() {
        try {
            Path log = dir.resolve("alerts.jsonl");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        hosts.values().forEach(FakeHost::close);
    }
}
