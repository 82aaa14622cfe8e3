package dev.fleetdiff.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay in front of an SMTP server that holds back its clients' {@code stallAt}-th MAIL FROM for good,
 * if no relay sharing {@code once} stalled before: the client then waits inside a mail's exchange, the mail never
 * reaches the server, and the test can kill the client at exactly that point.
 */
final class StallingSmtpRelay implements AutoCloseable {
    /** Longest line the relay looks at; SMTP commands are far shorter, body lines pass through either way. */
    private static final int MAX_LINE = 64 * 1024;
    private static final int CONNECTIONS = 16;
    /** Longest hold of a stalled MAIL FROM, in case the test never closes the relay. */
    private static final Duration HOLD = Duration.ofMinutes(5);

    private final ServerSocket listener;
    private final int serverPort;
    private final int stallAt;
    private final AtomicBoolean once;
    private final AtomicInteger mailFroms = new AtomicInteger();
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private StallingSmtpRelay(ServerSocket listener, int serverPort, int stallAt, AtomicBoolean once) {
        this.listener = listener;
        this.serverPort = serverPort;
        this.stallAt = stallAt;
        this.once = once;
    }

    /** Starts a relay on a free loopback port to the SMTP server on {@code serverPort}. */
    static StallingSmtpRelay start(int serverPort, int stallAt, AtomicBoolean once) throws IOException {
        ServerSocket listener = new ServerSocket(0, CONNECTIONS, InetAddress.getLoopbackAddress());
        StallingSmtpRelay relay = new StallingSmtpRelay(listener, serverPort, stallAt, once);
        Thread.ofVirtual().start(relay::accept);
        return relay;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** True once a client's MAIL FROM is being held back. */
    boolean stalled() {
        return stalled.getCount() == 0;
    }

    /** Waits at most {@code millis} for the stall. */
    boolean awaitStall(long millis) throws InterruptedException {
        return stalled.await(millis, TimeUnit.MILLISECONDS);
    }

    private void accept() {
        for (int i = 0; i < CONNECTIONS && !listener.isClosed(); i++) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> copy(server, client));
                Thread.ofVirtual().start(() -> commands(client, server));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Server to client, as is. */
    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // either side closed: the relay of this connection ends
        }
    }

    /** Client to server, line by line, until the line that is the stalling MAIL FROM. */
    private void commands(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                line.write(b);
                if (b != '\n' && line.size() < MAX_LINE) {
                    continue;
                }
                if (isMailFrom(line) && mailFroms.incrementAndGet() == stallAt && once.compareAndSet(false, true)) {
                    stalled.countDown();
                    closing.await(HOLD.toMillis(), TimeUnit.MILLISECONDS);   // the client waits for a reply
                    return;
                }
                line.writeTo(out);
                out.flush();
                line.reset();
            }
        } catch (IOException e) {
            // either side closed: the relay of this connection ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isMailFrom(ByteArrayOutputStream line) {
        return line.toString(StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT).startsWith("MAIL FROM:");
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
