package dev.fleetdiff.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code settings.http}: where the web view and /metrics listen, and how viewers prove who they are. Secrets are only
 * named here (a file or an environment variable), never held.
 *
 * @param host      the address to bind, 127.0.0.1 unless set
 * @param port      the TCP port
 * @param tokenFile a file whose first line is the bearer token
 * @param tokenEnv  an environment variable holding the bearer token
 * @param usersFile a file of {@code name:pbkdf2-sha256:iterations:salt:hash} lines
 * @param tlsCert   PEM certificate chain; with {@code tlsKey}, the view is served over HTTPS
 * @param tlsKey    PEM PKCS#8 private key
 * @param insecure  true allows a non-loopback address without authentication or TLS
 */
public record HttpSettings(String host, int port, Optional<Path> tokenFile, Optional<String> tokenEnv,
                           Optional<Path> usersFile, Optional<Path> tlsCert, Optional<Path> tlsKey, boolean insecure) {
    /** The address bound when {@code listen} names only a port. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The same settings on another port (0: any free one), for a command-line override. */
    public HttpSettings onPort(int otherPort) {
        return new HttpSettings(host, otherPort, tokenFile, tokenEnv, usersFile, tlsCert, tlsKey, insecure);
    }

    /** Whether viewers must authenticate. */
    public boolean authenticated() {
        return tokenFile.isPresent() || tokenEnv.isPresent() || usersFile.isPresent();
    }

    /** Whether the view is served over HTTPS. */
    public boolean tls() {
        return tlsCert.isPresent();
    }

    /** A host:port as a URL writes it. */
    public String listen() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
