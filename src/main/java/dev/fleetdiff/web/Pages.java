package dev.fleetdiff.web;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.audit.Outliers;
import dev.fleetdiff.text.ShownText;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Routes a request to its page and answers with the page's HTML, or its model as JSON under /api/. */
final class Pages {
    private static final String CSS = "/static/fleetdiff.css";

    private final Fleetdiff app;
    private final Access access;
    private final FleetMetrics metrics;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Pages.class.getClassLoader(), Pages.class.getPackageName());
    private final byte[] css;

    Pages(Fleetdiff app, Access access, FleetMetrics metrics) {
        this.app = app;
        this.access = access;
        this.metrics = metrics;
        try (InputStream in = Pages.class.getResourceAsStream("fleetdiff.css")) {
            css = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** /healthz: the process answers; /readyz: and its store does too. Neither says anything else. */
    Response health(String path) {
        if (path.equals("/healthz")) {
            return Response.text(200, "ok\n");
        }
        try {
            app.outbox();
            return Response.text(200, "ready\n");
        } catch (RuntimeException e) {
            return Response.text(503, "store not reachable\n");
        }
    }

    Response get(Request request) {
        String path = request.path();
        String page = request.api() ? path.substring("/api".length()) : path;
        Chrome chrome = chrome(request, "fleetdiff");
        return switch (page) {
            case "/", "/hosts" -> render(request, "overview", Overview.build(app, request, chrome.titled("Fleet")));
            case "/changes" -> render(request, "changes", Changes.build(app, request, chrome.titled("Changes")));
            case "/search" -> render(request, "search", FleetSearch.build(app, request, chrome.titled("Search")));
            case "/outliers" -> outliers(request, chrome.titled("Outliers"));
            case "/metrics" -> new Response(200, FleetMetrics.contentType(), metrics.scrape());
            case CSS -> new Response(200, "text/css; charset=utf-8", css);
            default -> {
                if (page.startsWith("/alerts/")) {
                    String id = segment(page, "/alerts/");
                    yield AlertView.build(app, id, chrome.titled("Alert " + ShownText.line(id)))
                            .map(view -> render(request, "alert", view)).orElseGet(() -> notFound("alert"));
                }
                if (page.startsWith("/hosts/")) {
                    String host = segment(page, "/hosts/");
                    yield HostView.build(app, host, request, chrome.titled(ShownText.line(host)))
                            .map(view -> render(request, "host", view)).orElseGet(() -> notFound("host"));
                }
                yield notFound("page");
            }
        };
    }

    /**
     * /outliers: the command's hosts grouped by latest output, as the CLI groups them; under /api/ the same JSON as
     * {@code fleetdiff outliers --json}. An unknown command or group is the viewer's mistake (400).
     */
    private Response outliers(Request request, Chrome chrome) {
        List<String> commands = app.inventory().commands().keySet().stream().sorted().toList();
        List<String> groupNames = app.inventory().groups().keySet().stream().sorted().toList();
        Optional<String> command = request.get("command").or(() -> commands.stream().findFirst());
        if (command.isEmpty()) {
            return Response.text(400, "the inventory has no commands\n");
        }
        Optional<String> group = request.get("group");
        Outliers outliers;
        try {
            outliers = app.outliers(command.get(), group.map(List::of).orElse(List.of()), List.of());
        } catch (UsageException e) {
            return Response.text(400, ShownText.message(e.getMessage()) + "\n");
        }
        if (request.api()) {
            return Response.json(200, OutliersJson.write(outliers, JsonOut.FACTORY).getBytes(StandardCharsets.UTF_8));
        }
        return render(request, "outliers", OutliersView.of(outliers, commands, groupNames, group.orElse(""), chrome));
    }

    /** Ack and accept; the caller has checked the viewer and the CSRF token. */
    Response post(Request request) {
        String path = request.path();
        String viewer = request.viewer().orElseThrow();
        Optional<String> note = request.get("note");
        try {
            if (path.startsWith("/alerts/") && path.endsWith("/ack")) {
                String id = segment(path.substring(0, path.length() - "/ack".length()), "/alerts/");
                app.reviews().ack(List.of(id), viewer, note);
                return Response.seeOther("/alerts/" + Chrome.url(id));
            }
            if (path.startsWith("/hosts/") && path.endsWith("/accept")) {
                String host = segment(path.substring(0, path.length() - "/accept".length()), "/hosts/");
                String command = request.get("command").orElseThrow(() -> new UsageException("no command given"));
                OptionalInt version = request.number("version", 1, Integer.MAX_VALUE);
                app.reviews().accept(host, command, version, Optional.empty(), viewer, note);
                return Response.seeOther("/hosts/" + Chrome.url(host) + "?command=" + Chrome.url(command));
            }
        } catch (UsageException e) {
            return Response.text(400, ShownText.message(e.getMessage()) + "\n");
        }
        return notFound("form");
    }

    private Chrome chrome(Request request, String title) {
        return new Chrome(title, request.viewer(), request.viewer().map(access::csrf).orElse(""));
    }

    private Response render(Request request, String template, Object model) {
        if (request.api()) {
            return Response.json(200, JsonOut.write(model));
        }
        StringOutput out = new StringOutput();
        templates.render(template + ".jte", model, out);
        return Response.html(out.toString());
    }

    /** The rest of the path after {@code prefix}, decoded; a malformed escape names nothing (404). */
    private static String segment(String path, String prefix) {
        try {
            return URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Response notFound(String what) {
        return Response.text(404, "no such " + what + "\n");
    }
}
