package dev.fleetdiff.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code settings.http}. Secure by default: an address other than loopback needs authentication and TLS, unless
 * {@code insecure: true} says the user means it.
 */
final class HttpReader {
    static final List<String> KEYS = List.of("listen", "auth", "tls", "insecure");
    static final List<String> AUTH_KEYS = List.of("token_file", "token_env", "users_file");
    static final List<String> TLS_KEYS = List.of("cert", "key");

    private static final int MAX_PORT = 65_535;
    private static final Pattern LISTEN = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^:\\[\\]]*)):(\\d{1,5})|(\\d{1,5})");

    private HttpReader() {
    }

    /** A parsed {@code listen} value. */
    private record Listen(String host, int port) {
    }

    /** The http settings, or empty when there is no http section (no web view, no /metrics). */
    static Optional<HttpSettings> read(Section settings) throws ConfigException {
        Optional<Section> found = settings.section("http", KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Section http = found.get();
        Source source = http.source();
        Listen listen = http.required("listen", HttpReader::listen, "127.0.0.1:8080");
        boolean insecure = http.value("insecure", Units::bool).orElse(false);
        Optional<Section> auth = http.section("auth", AUTH_KEYS);
        Optional<Path> tokenFile = Optional.empty();
        Optional<String> tokenEnv = Optional.empty();
        Optional<Path> usersFile = Optional.empty();
        if (auth.isPresent()) {
            Section a = auth.get();
            tokenFile = a.value("token_file", text -> MailReader.readableFile(source, text));
            tokenEnv = a.value("token_env", Names::envName);
            usersFile = a.value("users_file", text -> MailReader.readableFile(source, text));
            int ways = (tokenFile.isPresent() ? 1 : 0) + (tokenEnv.isPresent() ? 1 : 0) + (usersFile.isPresent() ? 1 : 0);
            if (ways != 1) {
                throw source.error(a.line(), "settings.http.auth needs exactly one of token_file, token_env and"
                        + " users_file, found " + ways + "; keep one of them");
            }
        }
        Optional<Path> cert = Optional.empty();
        Optional<Path> key = Optional.empty();
        Optional<Section> tls = http.section("tls", TLS_KEYS);
        if (tls.isPresent()) {
            cert = Optional.of(tls.get().required("cert", text -> MailReader.readableFile(source, text), "/etc/fleetdiff/cert.pem"));
            key = Optional.of(tls.get().required("key", text -> MailReader.readableFile(source, text), "/etc/fleetdiff/key.pem"));
        }
        HttpSettings settingsRead = new HttpSettings(listen.host(), listen.port(), tokenFile, tokenEnv, usersFile,
                cert, key, insecure);
        if (!isLoopback(listen.host()) && !insecure && (!settingsRead.authenticated() || !settingsRead.tls())) {
            String missing = !settingsRead.authenticated() && !settingsRead.tls() ? "neither auth nor tls is set"
                    : !settingsRead.authenticated() ? "auth is not set" : "tls is not set";
            throw source.error(http.valueLine("listen"), "settings.http.listen " + Source.quote(settingsRead.listen())
                    + " is reachable from other machines, but " + missing + ", so anyone on the network could read"
                    + " every output; add auth: { token_file: PATH } and tls: { cert: PEM, key: PEM }, listen on"
                    + " 127.0.0.1, or set insecure: true if a proxy in front does both");
        }
        return Optional.of(settingsRead);
    }

    /** True for the loopback addresses written as such, which need no lookup: 127.0.0.0/8, ::1 and localhost. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }

    private static Listen listen(String text) {
        Matcher m = LISTEN.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("is not an address and port; write HOST:PORT such as 127.0.0.1:8080,"
                    + " [::1]:8080 or only a port");
        }
        String host = m.group(4) != null ? HttpSettings.DEFAULT_HOST
                : m.group(1) != null ? m.group(1) : m.group(2).isEmpty() ? HttpSettings.DEFAULT_HOST : m.group(2);
        int port = Integer.parseInt(m.group(4) != null ? m.group(4) : m.group(3));
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException("has port " + port + ", outside 1.." + MAX_PORT + "; pick a free port");
        }
        return new Listen(host, port);
    }
}
