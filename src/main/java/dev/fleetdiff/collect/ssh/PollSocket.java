package dev.fleetdiff.collect.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.SocketFactory;

/**
 * Makes the one socket of a poll and lets the watchdog close it from its own thread, even before it exists:
 * closing the socket fails every blocked sshj read and write of the poll at once.
 */
final class PollSocket extends SocketFactory {

    private final AtomicReference<Socket> socket = new AtomicReference<>();
    private volatile boolean closed;

    @Override
    public Socket createSocket() throws IOException {
        Socket created = new Socket();
        created.setTcpNoDelay(true);
        socket.set(created);
        if (closed) {
            created.close();
        }
        return created;
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
