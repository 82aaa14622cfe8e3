package dev.fleetdiff.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * What every page shows around its content: its title, who is looking, and the CSRF token of their forms (empty for a
 * read-only viewer, who gets no buttons). Also the small formatting every page shares.
 */
record Chrome(String title, Optional<String> viewer, String csrf) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    Chrome titled(String pageTitle) {
        return new Chrome(pageTitle, viewer, csrf);
    }

    /** Whether the viewer may ack and accept. */
    boolean canAct() {
        return viewer.isPresent();
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static String time(Optional<Instant> instant) {
        return instant.map(Chrome::time).orElse("never");
    }

    /** A duration as an age: 42s, 5m, 3h, 2d. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    /** A value for a URL's path or query, so a hostile host or command name stays one value. */
    static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
