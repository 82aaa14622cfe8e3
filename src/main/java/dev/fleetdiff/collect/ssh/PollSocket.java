package dev.fleetdiff.collect.ssh;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.SocketFactory;

/**
 * Makes the one socket of a poll and lets the watchdog close it from its own thread, even before it exists:
 * closing the socket fails every blocked sshj read and write of the poll at once. What the server sends is read
 * through a {@link HandshakeInput}, which bounds the handshake.
 */
final class PollSocket extends SocketFactory {

    /** Bytes read from the socket at once: the handshake's byte-by-byte reads must not each be a system call. */
    static final int READ_BUFFER_BYTES = 32 * 1024;

    /** A TCP socket whose input is bounded until login. */
    private static final class HandshakeSocket extends Socket {
        private HandshakeInput input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new HandshakeInput(new BufferedInputStream(super.getInputStream(), READ_BUFFER_BYTES));
            }
            return input;
        }

        synchronized void loggedIn() {
            if (input != null) {
                input.loggedIn();
            }
        }
    }

    private final AtomicReference<HandshakeSocket> socket = new AtomicReference<>();
    private volatile boolean closed;

    @Override
    public Socket createSocket() throws IOException {
        HandshakeSocket created = new HandshakeSocket();
        created.setTcpNoDelay(true);
        socket.set(created);
        if (closed) {
            created.close();
        }
        return created;
    }

    /** The connection on the socket is authenticated: lifts the handshake's bounds. */
    void loggedIn() {
        HandshakeSocket current = socket.get();
        if (current != null) {
            current.loggedIn();
        }
    }

    /** Closes the socket now, or as soon as it is made. */
    void close() {
        closed = true;
        Socket current = socket.get();
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // the socket is being abandoned; nothing to report
            }
        }
    }

    // sshj only asks for unconnected sockets; the connecting variants are never used.

    @Override
    public Socket createSocket(String host, int port) {
        throw connectsItself();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw connectsItself();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw connectsItself();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw connectsItself();
    }

    private static UnsupportedOperationException connectsItself() {
        return new UnsupportedOperationException("sshj connects the socket itself");
    }
}
