package dev.fleetdiff.web;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.Selection;
import dev.fleetdiff.config.HttpSettings;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-process fake hosts web1, web2 and evil1 polled into a fresh SQLite store, and the web view over it: evil1's
 * output holds markup and terminal escapes, and a port opens on web2 between the two polls, raising an alert.
 */
final class WebFleet implements AutoCloseable {
    static final String PORTS = """
            tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN
            """;
    static final String NEW_PORT = "tcp        0      0 0.0.0.0:23456           0.0.0.0:*               LISTEN\n";
    /** What a hostile host prints: markup that would run if it reached a page raw, and terminal escapes. */
    static final String HOSTILE = "<script>alert('xss')</script>\n<img src=x onerror=alert('img')>\n"
            + "\u001b[31mred\u001b[0m \u001b]0;title\u0007 </pre><b id=\"injected\">bold</b>\n";
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final Path dir;
    final Fleetdiff app;
    final FleetMetrics metrics;
    private final List<FakeHost> hosts = new ArrayList<>();
    private final FakeHost web2;
    private WebServer server;

    WebFleet(Path dir) throws Exception {
        this.dir = dir;
        ClientKey key = ClientKey.ed25519(dir);
        Path knownHosts = dir.resolve("known_hosts");
        FakeHost web1 = FakeHost.start(key.publicKey()).reply("netstat -tan", Reply.ok(PORTS)).addTo(knownHosts);
        web2 = FakeHost.start(key.publicKey()).reply("netstat -tan", Reply.ok(PORTS)).addTo(knownHosts);
        FakeHost evil1 = FakeHost.start(key.publicKey()).reply("netstat -tan", Reply.ok(HOSTILE)).addTo(knownHosts);
        hosts.addAll(List.of(web1, web2, evil1));
        Path config = dir.resolve("hosts.yaml");
        Files.writeString(config, """
                settings:
                  known_hosts: known_hosts
                  rules: builtin
                defaults:
                  identity: %s
                commands:
                  ports: { run: "netstat -tan" }
                groups:
                  web:
                    commands: [ports]
                    hosts:
                      - { name: web1, address: 127.0.0.1, port: %d }
                      - { name: web2, address: 127.0.0.1, port: %d }
                  dmz:
                    commands: [ports]
                    hosts:
                      - { name: evil1, address: 127.0.0.1, port: %d }
                """.formatted(key.privateKeyFile(), web1.port(), web2.port(), evil1.port()));
        app = Fleetdiff.open(YamlConfigLoader.load(config));
        metrics = new FleetMetrics(app, Optional::empty);
        app.listen(metrics);
    }

    /** Polls every host once. */
    void poll() {
        app.poll(new Selection(List.of(), List.of(), true, Optional.empty()), false, outcome -> { });
    }

    /** Polls, opens a port on web2 and polls again: one alert, on web2; evil1's output changes too. */
    WebFleet pollTwiceWithAChange() {
        poll();
        web2.reply("netstat -tan", Reply.ok(PORTS + NEW_PORT));
        hosts.get(2).reply("netstat -tan", Reply.ok(HOSTILE + "<script>alert('again')</script>\n"));
        poll();
        return this;
    }

    /** The web view on a free loopback port with these settings' auth and TLS. */
    WebServer serve(HttpSettings http, Map<String, String> env) {
        server = WebServer.start(app, http.onPort(0), env, metrics);
        return server;
    }

    WebServer serve() {
        return serve(http(), Map.of());
    }

    static HttpSettings http() {
        return new HttpSettings("127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false);
    }

    /** The id of the alert that reports the new port on web2. */
    String web2Alert() {
        return app.reviews().alertsOf("web2", "ports").get(0).alert().id();
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        app.close();
        hosts.forEach(FakeHost::close);
    }
}
