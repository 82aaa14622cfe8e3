package dev.fleetdiff.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw TCP server on 127.0.0.1 that plays a hostile "SSH" host: every connection it accepts gets the same
 * {@link Behaviour}, on its own platform thread. Each connection ends when the client goes, after
 * {@link #MAX_CONNECTION_TIME}, or when the server is closed. It counts the CPU time its own threads spent, so a
 * test can tell the client's share of the process CPU from the server's.
 */
public final class HostileServer implements AutoCloseable {

    /** No connection is served longer than this, whatever its behaviour. */
    public static final Duration MAX_CONNECTION_TIME = Duration.ofSeconds(60);
    /** A version line a real server could send. */
    public static final String VERSION_LINE = "SSH-2.0-OpenSSH_9.6\r\n";
    /** Bytes written per call when flooding. */
    private static final int CHUNK_BYTES = 64 * 1024;

    /** What the server does with one connection, until {@code endNanos} (System.nanoTime) at the latest. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket socket, long endNanos) throws IOException;
    }

    private final ServerSocket listener;
    private final Behaviour behaviour;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<Thread> servers = new CopyOnWriteArrayList<>();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private HostileServer(ServerSocket listener, Behaviour behaviour) {
        this.listener = listener;
        this.behaviour = behaviour;
        this.acceptor = Thread.ofPlatform().daemon().name("hostile-accept-" + listener.getLocalPort()).start(this::accept);
    }

    /** Listens on 127.0.0.1 and an ephemeral port. */
    public static HostileServer start(Behaviour behaviour) {
        try {
            return new HostileServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    /** Endless short non-SSH lines, as fast as the client reads them. */
    public static Behaviour endlessLines() {
        byte[] chunk = repeat("this is not an SSH server yet\r\n", CHUNK_BYTES);
        return (socket, end) -> flood(socket.getOutputStream(), end, () -> chunk);
    }

    /** Endless bytes with no line end, as fast as the client reads them. */
    public static Behaviour endlessLine() {
        byte[] chunk = repeat("x", CHUNK_BYTES);
        return (socket, end) -> flood(socket.getOutputStream(), end, () -> chunk);
    }

    /** {@code count} short lines, then {@code then} (e.g. {@link #VERSION_LINE}), then silence. */
    public static Behaviour lines(int count, String then) {
        byte[] bytes = (banner(count) + then).getBytes(US_ASCII);
        return (socket, end) -> {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            holdOpen(socket, end);
        };
    }

    /** One byte every {@code every}, never a line end. */
    public static Behaviour trickle(Duration every) {
        return (socket, end) -> {
            OutputStream out = socket.getOutputStream();
            while (System.nanoTime() < end) {
                out.write('x');
                out.flush();
                sleep(every);
            }
        };
    }

    /**
     * A valid version line, then endless random bytes framed as unencrypted SSH_MSG_IGNORE packets, as fast as the
     * client reads them: every packet is well formed, so the client keeps decoding and the key exchange never starts.
     */
    public static Behaviour versionThenGarbage() {
        return (socket, end) -> {
            OutputStream out = socket.getOutputStream();
            out.write(VERSION_LINE.getBytes(US_ASCII));
            Random random = new Random(42);
            flood(out, end, () -> ignorePackets(random));
        };
    }

    /** {@code lines} banner lines, then a byte-for-byte pipe to a real SSH server on 127.0.0.1:{@code port}. */
    public static Behaviour bannerBefore(int port, int lines) {
        return (socket, end) -> {
            socket.getOutputStream().write(banner(lines).getBytes(US_ASCII));
            try (Socket server = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread back = Thread.ofPlatform().daemon().start(() -> pipe(server, socket));
                pipe(socket, server);
                try {
                    back.join(MAX_CONNECTION_TIME.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** CPU time the server's connection threads spent; complete once the server is closed. */
    public Duration cpuTime() {
        return Duration.ofNanos(cpuNanos.get());
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            open.add(socket);
            servers.add(Thread.ofPlatform().daemon().name("hostile-" + port()).start(() -> serve(socket)));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            behaviour.serve(socket, System.nanoTime() + MAX_CONNECTION_TIME.toNanos());
        } catch (IOException e) {
            // the client went away: the usual end of a hostile conversation
        } finally {
            open.remove(socket);
            cpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
        }
    }

    private static void flood(OutputStream out, long end, java.util.function.Supplier<byte[]> chunks) throws IOException {
        while (System.nanoTime() < end) {
            out.write(chunks.get());
        }
    }

    private static byte[] ignorePackets(Random random) {
        ByteBuffer packets = ByteBuffer.allocate(CHUNK_BYTES);
        byte[] data = new byte[1000];
        while (packets.remaining() >= 4 + 1 + 1 + 4 + data.length + 8) {
            random.nextBytes(data);
            int payload = 1 + 4 + data.length;
            int padding = 8 - (4 + 1 + payload) % 8;
            padding = padding < 4 ? padding + 8 : padding;
            packets.putInt(1 + payload + padding).put((byte) padding).put((byte) 2).putInt(data.length).put(data)
                    .put(new byte[padding]);
        }
        return Arrays.copyOf(packets.array(), packets.position());
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed: the pipe ends
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static void holdOpen(Socket socket, long end) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        socket.setSoTimeout(100);
        while (System.nanoTime() < end) {
            try {
                if (in.read(sink) < 0) {
                    return;
                }
            } catch (java.net.SocketTimeoutException e) {
                // keep holding
            }
        }
    }

    private static String banner(int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append("banner ").append(i).append("\r\n");
        }
        return text.toString();
    }

    private static byte[] repeat(String text, int bytes) {
        return text.repeat(Math.max(1, bytes / text.length())).getBytes(US_ASCII);
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // nothing more to stop
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
            for (Thread server : servers) {
                server.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
