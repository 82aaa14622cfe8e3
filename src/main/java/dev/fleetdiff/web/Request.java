package dev.fleetdiff.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One HTTP request as the pages see it: its method, path, parameters (query string, or form body of a POST) and who
 * sent it.
 *
 * @param viewer the authenticated viewer's name; empty when the view has no authentication (read-only)
 */
record Request(String method, String path, Map<String, String> parameters, Optional<String> viewer) {
    /** Longest parameter value kept: a filter or search text, never an output. */
    static final int MAX_VALUE_CHARS = 1_000;

    Request {
        parameters = Map.copyOf(parameters);
    }

    /** Parameters of a query string or form body; a repeated name keeps its first value, overlong values are cut. */
    static Map<String, String> parse(String encoded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (value.length() > MAX_VALUE_CHARS) {
                value = value.substring(0, MAX_VALUE_CHARS);
            }
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** A parameter, blank counting as absent. */
    Optional<String> get(String name) {
        return Optional.ofNullable(parameters.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A whole-number parameter within bounds; anything else is absent. */
    OptionalInt number(String name, int min, int max) {
        Optional<String> value = get(name).filter(v -> v.matches("-?\\d{1,9}"));
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        int number = Integer.parseInt(value.get());
        return number < min || number > max ? OptionalInt.empty() : OptionalInt.of(number);
    }

    /** True if the client asked for JSON: a path under /api/. */
    boolean api() {
        return path.startsWith("/api/");
    }
}
