package dev.fleetdiff.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.config.HttpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** settings.http.tls: the view is served over HTTPS with the PEM certificate and key given, and only so. */
@Timeout(120)
class WebTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsWithThePemCertificateAndKeyAndNothingInPlainText() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1");
        try (WebFleet fleet = new WebFleet(dir)) {
            fleet.poll();
            WebServer server = fleet.serve(new HttpSettings("127.0.0.1", 0, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(cert), Optional.of(key), false), Map.of());

            assertThat(server.url()).startsWith("https://127.0.0.1:");
            HttpResponse<String> page = trusting(cert).send(HttpRequest.newBuilder(URI.create(server.url()
                    + "api/hosts")).timeout(WebFleet.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("web2");
            assertThatThrownBy(() -> WebFleet.get("http://127.0.0.1:" + server.port() + "/api/hosts"))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aKeyThatIsNotPkcs8PemIsTheUsersMistake() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate\n");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n");
        try (WebFleet fleet = new WebFleet(dir)) {
            assertThatThrownBy(() -> fleet.serve(new HttpSettings("127.0.0.1", 0, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(cert), Optional.of(key), false), Map.of()))
                    .isInstanceOf(UsageException.class).hasMessageStartingWith("settings.http.tls: ");
        }
    }

    private static HttpClient trusting(Path cert) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trusted.setCertificateEntry("fleetdiff", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(WebFleet.TIMEOUT).build();
    }

    private static void openssl(String... args) throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        Assumptions.assumeTrue(Files.isExecutable(openssl), "needs openssl to make a test certificate");
        String[] command = new String[args.length + 1];
        command[0] = openssl.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }
}
