package dev.fleetdiff.notify.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A private certificate authority made by the JDK's keytool for a test: its certificate as PEM, a second unrelated
 * CA's, and a server key with a certificate the first CA signed for 127.0.0.1 only.
 */
record TestCa(Path caPem, Path otherCaPem, Path serverKeys) {
    private static final String PASSWORD = "changeit";
    /** Bounds each keytool run; one takes about a second. */
    private static final long KEYTOOL_PATIENCE_SECONDS = 60;

    static TestCa create(Path dir) throws Exception {
        Path ca = dir.resolve("ca.p12");
        Path other = dir.resolve("other.p12");
        Path server = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=fleetdiff test CA", "-ext", "bc:c",
                "-validity", "2", "-keystore", ca.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file",
                dir.resolve("ca.pem").toString());
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=some other CA", "-ext", "bc:c",
                "-validity", "2", "-keystore", other.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", other.toString(), "-file",
                dir.resolve("other.pem").toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-validity", "2",
                "-keystore", server.toString());
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file",
                dir.resolve("server.csr").toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", dir.resolve("server.csr").toString(),
                "-outfile", dir.resolve("server.pem").toString(), "-rfc", "-validity", "2", "-ext", "san=ip:127.0.0.1");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", server.toString(), "-file",
                dir.resolve("ca.pem").toString());
        keytool("-importcert", "-alias", "server", "-keystore", server.toString(), "-file",
                dir.resolve("server.pem").toString());
        return new TestCa(dir.resolve("ca.pem"), dir.resolve("other.pem"), server);
    }

    /** The server side of TLS: the key and the certificate chain the CA signed. */
    SSLContext serverContext() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeys)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(KEYTOOL_PATIENCE_SECONDS, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            keytool.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
