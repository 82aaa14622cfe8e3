package dev.fleetdiff.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.config.HttpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HTTP(S) server of the web view, the JSON API and /metrics (the JDK's own server: no container to
 * configure). Every answer carries a strict Content-Security-Policy: no script at all, styles only from this server,
 * no framing. Read-only unless viewers authenticate; a POST also needs the viewer's CSRF token and a same-origin
 * Origin header when the browser sends one.
 */
public final class WebServer implements AutoCloseable {
    /** Requests served at once; the rest wait in the server's queue. */
    static final int THREADS = 8;
    /** Largest request body read: a form with an id, a note and a token. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** How long a stop waits for requests in flight. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Measures each answer's CPU time for its Server-Timing header, which the benchmark reads. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final double NANOS_PER_MILLI = 1e6;

    private final HttpServer server;
    private final ExecutorService threads;
    private final String url;

    private WebServer(HttpServer server, ExecutorService threads, String url) {
        this.server = server;
        this.threads = threads;
        this.url = url;
    }

    /**
     * Starts serving the app's store as {@code http} says; the caller closes it. Secrets come from the named file or
     * environment variable ({@code env}); a missing secret or unusable certificate is the user's mistake.
     */
    public static WebServer start(Fleetdiff app, HttpSettings http, Map<String, String> env, FleetMetrics metrics) {
        Access access = AccessFiles.read(http, env);
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(http.host(), http.port());
            if (http.tls()) {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(PemTls.context(http.tlsCert().get(),
                        http.tlsKey().get())));
                server = https;
            } else {
                server = HttpServer.create(address, 0);
            }
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + http.listen() + " (settings.http.listen): "
                    + e.getMessage() + "; pick a free port or stop what uses it");
        } catch (IllegalArgumentException e) {
            throw new UsageException("settings.http.tls: " + e.getMessage());
        }
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, Thread.ofPlatform().name("http-", 1)
                .daemon().factory());
        Pages pages = new Pages(app, access, metrics);
        server.createContext("/", exchange -> serve(exchange, pages, access));
        server.setExecutor(threads);
        server.start();
        String scheme = http.tls() ? "https" : "http";
        String url = scheme + "://" + (http.host().contains(":") ? "[" + http.host() + "]" : http.host()) + ":"
                + server.getAddress().getPort() + "/";
        LOG.info("web view on {}{}", url, access.required() ? "" : " (read-only: no settings.http.auth)");
        return new WebServer(server, threads, url);
    }

    /** The address to open, with the port actually bound (port 0 picks a free one). */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, Pages pages, Access access) throws IOException {
        try (exchange) {
            long wallStarted = System.nanoTime();
            long cpuStarted = CPU.getCurrentThreadCpuTime();
            Response response;
            try {
                response = answer(exchange, pages, access);
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
                response = Response.text(500, "internal error; the server log says more\n");
            }
            var headers = exchange.getResponseHeaders();
            headers.set("Server-Timing", String.format(Locale.ROOT, "total;dur=%.1f, cpu;dur=%.1f",
                    (System.nanoTime() - wallStarted) / NANOS_PER_MILLI,
                    (CPU.getCurrentThreadCpuTime() - cpuStarted) / NANOS_PER_MILLI));
            headers.set("Content-Type", response.contentType());
            headers.set("Content-Security-Policy", CSP);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cache-Control", "no-store");
            if (!response.location().isEmpty()) {
                headers.set("Location", response.location());
            }
            if (response.status() == 401) {
                headers.set("WWW-Authenticate", "Basic realm=\"fleetdiff\", charset=\"UTF-8\"");
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length == 0 ? -1
                    : response.body().length);
            if (!head && response.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private static Response answer(HttpExchange exchange, Pages pages, Access access) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/healthz") || path.equals("/readyz")) {
            return pages.health(path);
        }
        Optional<String> viewer = access.viewer(exchange.getRequestHeaders().getFirst("Authorization"));
        if (access.required() && viewer.isEmpty()) {
            drain(exchange);
            return Response.text(401, "authentication required\n");
        }
        switch (method) {
            case "GET", "HEAD" -> {
                drain(exchange);
                return pages.get(new Request(method, path, Request.parse(exchange.getRequestURI().getRawQuery()),
                        viewer));
            }
            case "POST" -> {
                if (viewer.isEmpty()) {
                    drain(exchange);
                    return Response.text(403, "read-only view: set settings.http.auth to ack and accept here\n");
                }
                String origin = exchange.getRequestHeaders().getFirst("Origin");
                String host = exchange.getRequestHeaders().getFirst("Host");
                if (origin != null && (host == null || !origin.replaceFirst("^https?://", "").equals(host))) {
                    drain(exchange);
                    return Response.text(403, "cross-origin form refused\n");
                }
                Optional<String> body = body(exchange);
                if (body.isEmpty()) {
                    return Response.text(413, "request body too large\n");
                }
                Request request = new Request(method, path, Request.parse(body.get()), viewer);
                if (!access.csrfMatches(viewer.get(), request.get("csrf"))) {
                    return Response.text(403, "missing or wrong CSRF token; reload the page and try again\n");
                }
                return pages.post(request);
            }
            default -> {
                drain(exchange);
                return Response.text(405, "method not allowed\n");
            }
        }
    }

    /** The request body if it is at most {@link #MAX_BODY_BYTES}. */
    private static Optional<String> body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            return bytes.length > MAX_BODY_BYTES ? Optional.empty()
                    : Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** Reads a small unused body so the connection can be reused; a large one is left and the connection closed. */
    private static void drain(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readNBytes(MAX_BODY_BYTES);
        }
    }

    /** Stops accepting, lets requests in flight finish for a moment, and stops the threads. */
    @Override
    public void close() {
        server.stop((int) STOP_GRACE.toSeconds());
        threads.shutdownNow();
    }
}
