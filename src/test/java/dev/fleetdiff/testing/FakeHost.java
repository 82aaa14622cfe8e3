package dev.fleetdiff.testing;

import dev.fleetdiff.inventory.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.DirectTcpipFactory;
import org.apache.sshd.server.forward.StaticDecisionForwardingFilter;

/**
 * An SSH server in the test's JVM (Apache MINA sshd) on 127.0.0.1 and an ephemeral port, standing in for one
 * polled host: a host key made at start, public-key authentication for the given keys only (any user name),
 * and canned replies per command line that tests may change between polls. RSA signatures use SHA-2 only,
 * as on current OpenSSH. Close it after the test.
 *
 * <pre>{@code
 * ClientKey key = ClientKey.ed25519(tempDir);
 * try (FakeHost web1 = FakeHost.start(key.publicKey())) {
 *     web1.reply("uname -r", Reply.ok("6.1.0\n"));
 *     web1.addTo(knownHosts);
 *     Host host = web1.asHost("web1", key.privateKeyFile(), "uname");
 * }
 * }</pre>
 */
public final class FakeHost implements AutoCloseable {

    /** Host key algorithms a fake host can have. */
    public enum HostKeyType { ED25519, RSA }

    public static final String ADDRESS = "127.0.0.1";
    /** Exit status and stderr for command lines without a reply, like a shell's "command not found". */
    public static final int UNKNOWN_COMMAND_STATUS = 127;

    private static final Set<String> SHA1_SIGNATURES = Set.of("ssh-rsa", "ssh-rsa-cert-v01@openssh.com", "ssh-dss");

    private final SshServer server;
    private final KeyPair hostKey;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<String> executed = new CopyOnWriteArrayList<>();
    private final SessionCounter sessions = new SessionCounter();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private final Set<String> users = new CopyOnWriteArraySet<>();
    private final AtomicInteger keyChecks = new AtomicInteger();
    private final Map<Session, AtomicInteger> openChannels = new ConcurrentHashMap<>();
    private volatile int maxSessions = Integer.MAX_VALUE;

    /**
     * How a fake host behaves beyond its replies.
     *
     * @param hostKeyType algorithm of the host key made at start
     * @param forwarding  accept direct-tcpip channels (ssh -J), as a bastion with AllowTcpForwarding yes
     * @param authDelay   time the server takes to check each public key offered, like a slow or loaded sshd
     */
    public record Setup(HostKeyType hostKeyType, boolean forwarding, Duration authDelay) {
        public static final Setup DEFAULT = new Setup(HostKeyType.ED25519, false, Duration.ZERO);

        /** The same setup, acting as a jump host. */
        public Setup asJumpHost() {
            return new Setup(hostKeyType, true, authDelay);
        }

        /** The same setup, taking {@code delay} to check each key. */
        public Setup authDelay(Duration delay) {
            return new Setup(hostKeyType, forwarding, delay);
        }
    }

    private FakeHost(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    /** A host with an ed25519 host key that lets in the given client keys. */
    public static FakeHost start(PublicKey... authorizedKeys) {
        return start(HostKeyType.ED25519, authorizedKeys);
    }

    public static FakeHost start(HostKeyType hostKeyType, PublicKey... authorizedKeys) {
        return start(new Setup(hostKeyType, false, Duration.ZERO), authorizedKeys);
    }

    public static FakeHost start(Setup setup, PublicKey... authorizedKeys) {
        KeyPair hostKey = generateHostKey(setup.hostKeyType());
        SshServer server = SshServer.setUpDefaultServer();
        FakeHost host = new FakeHost(server, hostKey);
        server.setHost(ADDRESS);
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setSignatureFactories(server.getSignatureFactories().stream()
                .filter(factory -> !SHA1_SIGNATURES.contains(factory.getName())).toList());
        List<PublicKey> allowed = List.of(authorizedKeys);
        server.setPublickeyAuthenticator((user, key, session) -> {
            pause(setup.authDelay());
            host.keyChecks.incrementAndGet();
            boolean accepted = allowed.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
            if (accepted) {
                host.users.add(user);
            }
            return accepted;
        });
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        ChannelSessionFactory sessions = new ChannelSessionFactory() {
            @Override
            public Channel createChannel(Session session) {
                AtomicInteger open = host.openChannels.computeIfAbsent(session, s -> new AtomicInteger());
                if (open.incrementAndGet() > host.maxSessions) {
                    open.decrementAndGet();
                    return null;   // refused: "open failed", as OpenSSH answers past MaxSessions
                }
                StuckableChannel channel = new StuckableChannel();
                channel.addChannelListener(new ChannelListener() {
                    @Override
                    public void channelClosed(Channel closed, Throwable reason) {
                        open.decrementAndGet();
                    }
                });
                return channel;
            }
        };
        server.setChannelFactories(setup.forwarding() ? List.of(sessions, DirectTcpipFactory.INSTANCE) : List.of(sessions));
        if (setup.forwarding()) {
            server.setForwardingFilter(new StaticDecisionForwardingFilter(true) {
                @Override
                public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
                    host.forwarded.add(address.getHostName() + ":" + address.getPort());
                    return super.canConnect(type, address, session);
                }
            });
        }
        server.setCommandFactory((channel, line) -> {
            host.executed.add(line);
            return new CannedCommand(host.replies.getOrDefault(line, Reply.exit(UNKNOWN_COMMAND_STATUS, "",
                    "fake host: no reply configured for: " + line + "\n")));
        });
        server.addSessionListener(host.sessions);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake SSH server", e);
        }
        return host;
    }

    /** A fresh key pair of the given type, e.g. to write a known_hosts line with a key the host does not have. */
    public static KeyPair generateHostKey(HostKeyType type) {
        try {
            return type == HostKeyType.ED25519
                    ? KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256)
                    : KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 2048);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " host key", e);
        }
    }

    /** Sets (or replaces, between polls) what running {@code commandLine} does. */
    public FakeHost reply(String commandLine, Reply reply) {
        replies.put(commandLine, reply);
        return this;
    }

    /** How often the server looked a client key up: once per signed request, and once more per "would this key do?". */
    public int keyChecks() {
        return keyChecks.get();
    }

    /** From now on, at most this many session channels at once per connection (OpenSSH's MaxSessions). */
    public FakeHost maxSessions(int sessions) {
        maxSessions = sessions;
        return this;
    }

    public int port() {
        return server.getPort();
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** Command lines the host was asked to run, in order. */
    public List<String> executed() {
        return List.copyOf(executed);
    }

    /** SSH connections the host accepted so far. */
    public int connections() {
        return sessions.created();
    }

    /** The most connections that were open at once but not yet authenticated (what sshd's MaxStartups limits). */
    public int maxUnauthenticatedAtOnce() {
        return sessions.maxUnauthenticated();
    }

    /** The most authenticated connections that were open at once. */
    public int maxAuthenticatedAtOnce() {
        return sessions.maxAuthenticated();
    }

    /** User names that offered an accepted key, in order of first use. */
    public List<String> users() {
        return List.copyOf(users);
    }

    /** Where clients asked this host, as a jump host, to connect them ({@code host:port}), in order. */
    public List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    /** This host's known_hosts line: {@code [127.0.0.1]:port ssh-ed25519 AAAA...}. */
    public String knownHostsLine() {
        return knownHostsLine(hostKey());
    }

    /** A known_hosts line for this host's address and port with another key, as if the host had been reinstalled. */
    public String knownHostsLine(PublicKey key) {
        return "[" + ADDRESS + "]:" + port() + " " + PublicKeyEntry.toString(key);
    }

    /** Appends {@link #knownHostsLine()} to a known_hosts file, creating it if needed. */
    public FakeHost addTo(Path knownHosts) {
        try {
            Files.writeString(knownHosts, knownHostsLine() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * This host as an inventory entry for user "audit" with test-sized limits: connect_timeout 5s,
     * command_timeout 10s, max_output 1 MiB; the given command names.
     */
    public Host asHost(String name, Path identity, String... commands) {
        return new Host(name, ADDRESS, port(), "audit", identity, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(5), Duration.ofSeconds(10), 1024 * 1024, "0 */5 * * * ?", Duration.ZERO,
                List.of(commands), List.of());
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A session channel that can be told to ignore the client's close, to play a stuck server. */
    static final class StuckableChannel extends ChannelSession {
        private volatile boolean ignoreClose;

        void ignoreClose() {
            ignoreClose = true;
        }

        @Override
        public void handleClose() throws IOException {
            if (!ignoreClose) {
                super.handleClose();
            }
        }
    }
}
