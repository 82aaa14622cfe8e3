package dev.fleetdiff.notify.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A one-connection SMTP server that offers STARTTLS and takes mail only after it, with GreenMail's test certificate;
 * GreenMail itself has no STARTTLS.
 */
final class StartTlsServer implements AutoCloseable {
    /** What arrived: whether the message came over TLS, and its DATA. */
    record Received(boolean tls, String data) {
    }

    private static final int READ_TIMEOUT_MILLIS = 5_000;
    private static final char[] GREENMAIL_KEYSTORE_PASSWORD = "changeit".toCharArray();

    private final ServerSocket listener;
    private final CompletableFuture<Received> received = new CompletableFuture<>();

    StartTlsServer(int port) throws Exception {
        this(port, context());
    }

    /** With {@code tls} holding the server's key and certificate. */
    StartTlsServer(int port, SSLContext tls) throws Exception {
        listener = new ServerSocket(port, 1, InetAddress.getByName(MailFixture.LOOPBACK));
        Thread thread = new Thread(() -> serveOne(tls), "starttls-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    /** The message the server took, waiting at most a few seconds. */
    Received received() throws Exception {
        return received.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void serveOne(SSLContext tls) {
        try (Socket plain = listener.accept()) {
            plain.setSoTimeout(READ_TIMEOUT_MILLIS);
            Socket socket = plain;
            boolean secure = false;
            BufferedReader in = reader(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            say(out, "220 fake ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String verb = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                switch (verb) {
                    case "EHLO" -> say(out, secure ? "250 fake" : "250-fake\r\n250 STARTTLS");
                    case "STAR" -> {
                        say(out, "220 go ahead");
                        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket,
                                MailFixture.LOOPBACK, socket.getPort(), true);
                        ssl.setUseClientMode(false);
                        ssl.startHandshake();
                        socket = ssl;
                        secure = true;
                        in = reader(socket.getInputStream());
                        out = socket.getOutputStream();
                    }
                    case "MAIL" -> say(out, secure ? "250 OK" : "530 5.7.0 Must issue a STARTTLS command first");
                    case "RCPT", "NOOP", "RSET" -> say(out, "250 OK");
                    case "DATA" -> {
                        say(out, "354 go ahead");
                        StringBuilder data = new StringBuilder();
                        for (String d = in.readLine(); d != null && !d.equals("."); d = in.readLine()) {
                            data.append(d).append('\n');
                        }
                        say(out, "250 2.0.0 queued as 42");
                        received.complete(new Received(secure, data.toString()));
                    }
                    case "QUIT" -> {
                        say(out, "221 bye");
                        return;
                    }
                    default -> say(out, "502 not implemented");
                }
            }
        } catch (IOException e) {
            received.completeExceptionally(e);
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static SSLContext context() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = StartTlsServer.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            keys.load(in, GREENMAIL_KEYSTORE_PASSWORD);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, GREENMAIL_KEYSTORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
