package dev.fleetdiff.web;

import java.nio.charset.StandardCharsets;

/** What a page answers: a status, a content type, the body's bytes, and where to go next after a form (or ""). */
record Response(int status, String contentType, byte[] body, String location) {
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    Response(int status, String contentType, byte[] body) {
        this(status, contentType, body, "");
    }

    static Response text(int status, String text) {
        return new Response(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    static Response html(String html) {
        return new Response(200, HTML, html.getBytes(StandardCharsets.UTF_8));
    }

    static Response json(int status, byte[] json) {
        return new Response(status, JSON, json);
    }

    /** After a form: see the page at {@code location} (a path on this server). */
    static Response seeOther(String location) {
        return new Response(303, TEXT, "see ".concat(location).getBytes(StandardCharsets.UTF_8), location);
    }
}
