package dev.fleetdiff.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The TLS context of the web view from a PEM certificate chain and a PEM (PKCS#8) private key. */
final class PemTls {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519");

    private PemTls() {
    }

    /** Throws IllegalArgumentException naming the file and what to do when a file is not what it must be. */
    static SSLContext context(Path certFile, Path keyFile) throws IOException {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            List<? extends Certificate> chain = List.copyOf(
                    x509.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile))));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(certFile + ": holds no certificate; give a PEM certificate chain");
            }
            PrivateKey key = privateKey(keyFile);
            char[] none = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("fleetdiff", key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, none);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(certFile + ", " + keyFile + ": not a usable certificate and key ("
                    + e.getMessage() + "); give a PEM certificate chain and its PKCS#8 PEM private key", e);
        }
    }

    private static PrivateKey privateKey(Path keyFile) throws IOException {
        Matcher pem = PRIVATE_KEY.matcher(Files.readString(keyFile, StandardCharsets.US_ASCII));
        if (!pem.find()) {
            throw new IllegalArgumentException(keyFile + ": no \"BEGIN PRIVATE KEY\" block; convert the key to"
                    + " PKCS#8 PEM with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(1)));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(keyFile + ": not an RSA, EC or Ed25519 private key; give one of those");
    }
}
