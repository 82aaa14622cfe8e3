package dev.fleetdiff.testing;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;

/**
 * Thousands of simulated hosts in one JVM, for measuring {@code fleetdiff run} at scale: one MINA SSH server listening
 * on one port of N loopback addresses (127.2.x.y), each address a host with its own outputs. Every 100th host's
 * {@code ports} output changes on each poll, so alerts flow too. Writes hosts.yaml, known_hosts and a client key
 * into the given folder, prints "ready", and serves until killed.
 *
 * <p>usage: FakeFleet DIR HOSTS SCHEDULE SPLAY CONCURRENCY
 */
public final class FakeFleet {
    static final String FIRST_NETWORK = "127.2.";
    static final int HOSTS_PER_NETWORK = 250;
    static final int MAX_HOSTS = 200 * HOSTS_PER_NETWORK;
    static final int CHANGING_EVERY = 100;
    static final String PORTS = """
            tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN
            tcp        0      0 0.0.0.0:25              0.0.0.0:*               LISTEN
            """;

    private final Map<String, AtomicInteger> pollsByAddress = new ConcurrentHashMap<>();

    private FakeFleet() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: FakeFleet DIR HOSTS SCHEDULE SPLAY CONCURRENCY");
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int count = Integer.parseInt(args[1]);
        if (count < 1 || count > MAX_HOSTS) {
            throw new IllegalArgumentException("HOSTS must be 1.." + MAX_HOSTS);
        }
        Files.createDirectories(dir);
        KeyPair client = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path identity = DemoFleet.writeIdentity(dir, client);
        KeyPair hostKey = FakeHost.generateHostKey(FakeHost.HostKeyType.ED25519);
        List<String> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(address(i));
        }
        FakeFleet fleet = new FakeFleet();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(String.join(",", addresses));
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(client.getPublic(), key));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setCommandFactory((channel, line) -> {
            InetSocketAddress local = (InetSocketAddress) channel.getSession().getIoSession().getLocalAddress();
            return new CannedCommand(Reply.ok(fleet.output(local.getAddress().getHostAddress(), line)));
        });
        server.start();
        int port = server.getPort();
        writeConfig(dir, identity, addresses, port, args[2], args[3], Integer.parseInt(args[4]));
        try (Writer known = Files.newBufferedWriter(dir.resolve("known_hosts"), StandardCharsets.UTF_8)) {
            String key = PublicKeyEntry.toString(hostKey.getPublic());
            for (String address : addresses) {
                known.write("[" + address + "]:" + port + " " + key + "\n");
            }
        }
        System.out.println("ready: " + count + " hosts on " + FIRST_NETWORK + "*:" + port + ", config "
                + dir.resolve("hosts.yaml"));
        System.out.flush();
        Thread.currentThread().join();
    }

    private static String address(int index) {
        return FIRST_NETWORK + index / HOSTS_PER_NETWORK + "." + (index % HOSTS_PER_NETWORK + 1);
    }

    private String output(String address, String line) {
        return switch (line) {
            case "ports" -> {
                int poll = pollsByAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                boolean changing = address.hashCode() % CHANGING_EVERY == 0;
                yield PORTS + (changing ? "tcp        0      0 0.0.0.0:" + (20000 + poll) + "           0.0.0.0:*  "
                        + "             LISTEN\n" : "");
            }
            case "users" -> "root:x:0:0:root:/root:/bin/bash\naudit:x:1000:1000::/home/audit:/bin/sh\n";
            default -> "Linux " + address + " 6.1.0-fake #1 SMP x86_64 GNU/Linux\n";
        };
    }

    private static void writeConfig(Path dir, Path identity, List<String> addresses, int port, String schedule,
                                    String splay, int concurrency) throws IOException {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < addresses.size(); i++) {
            hosts.append("      - { name: %s, address: %s, port: %d }\n".formatted(
                    "h%05d".formatted(i + 1), addresses.get(i), port));
        }
        Files.writeString(dir.resolve("hosts.yaml"), """
                settings:
                  database: fleetdiff.db
                  alerts_log: alerts.jsonl
                  known_hosts: known_hosts
                  rules: builtin
                  concurrency: %d
                defaults:
                  user: audit
                  identity: %s
                  schedule: "%s"
                  splay: %s
                  connect_timeout: 20s
                  command_timeout: 30s
                commands:
                  ports: { run: ports }
                  users: { run: users, compare: set }
                  uname: { run: uname }
                groups:
                  fleet:
                    commands: [ports, users, uname]
                    hosts:
                %s""".formatted(concurrency, identity, schedule, splay, hosts), StandardCharsets.UTF_8);
    }
}
