package dev.fleetdiff.web;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.ReviewLoop;
import dev.fleetdiff.config.Units;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.text.ShownText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The changes timeline: alerts newest first, filtered by host, group, rule, level, age and ack state, in pages. */
record Changes(Chrome chrome, List<Row> rows, Filter filter, Overview.Paging paging, List<String> groups, int total) {
    static final Duration DEFAULT_SINCE = Duration.ofDays(7);
    static final int PAGE_SIZE = 100;
    private static final int MAX_LEVEL = 16;

    /** One alert's line. */
    record Row(String id, String url, String time, String host, String hostUrl, String command, int rule, int level,
               String description, boolean acked) {
    }

    /** The filters as applied (an unknown group or a malformed value is dropped, never echoed). */
    record Filter(String host, String group, String rule, int minLevel, String since, boolean unacked) {
    }

    static Changes build(Fleetdiff app, Request request, Chrome chrome) {
        List<String> groups = app.inventory().groups().keySet().stream().sorted().toList();
        Optional<String> host = request.get("host");
        Optional<String> group = request.get("group").filter(groups::contains);
        OptionalInt rule = request.number("rule", 0, Integer.MAX_VALUE);
        int minLevel = request.number("level", 0, MAX_LEVEL).orElse(0);
        Optional<Duration> parsedSince = request.get("since").flatMap(Changes::duration);
        Duration since = parsedSince.orElse(DEFAULT_SINCE);
        boolean unacked = request.get("unacked").isPresent();
        List<ReviewedAlert> alerts = new ArrayList<>(app.reviews().alerts(new ReviewLoop.Filter(since, host, group,
                rule, minLevel, unacked)));
        Collections.reverse(alerts);
        Filter filter = new Filter(ShownText.line(host.orElse(""), Request.MAX_VALUE_CHARS), group.orElse(""),
                rule.isPresent() ? Integer.toString(rule.getAsInt()) : "", minLevel, Units.text(since), unacked);
        int pages = Math.max(1, (alerts.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(request.number("page", 1, Integer.MAX_VALUE).orElse(1), pages);
        List<Row> rows = alerts.subList((page - 1) * PAGE_SIZE, Math.min(alerts.size(), page * PAGE_SIZE)).stream()
                .map(Changes::row).toList();
        return new Changes(chrome, rows, filter, new Overview.Paging(page, pages, PAGE_SIZE,
                page > 1 ? query(filter, page - 1) : "", page < pages ? query(filter, page + 1) : ""), groups,
                alerts.size());
    }

    private static Optional<Duration> duration(String text) {
        try {
            return Optional.of(Units.duration(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Row row(ReviewedAlert reviewed) {
        var a = reviewed.alert();
        return new Row(a.id(), "/alerts/" + Chrome.url(a.id()), Chrome.time(a.time()), ShownText.line(a.host()),
                "/hosts/" + Chrome.url(a.host()), ShownText.line(a.command()), a.ruleId(), a.level(),
                ShownText.line(a.description()), reviewed.acked());
    }

    private static String query(Filter filter, int page) {
        return "?host=" + Chrome.url(filter.host()) + "&group=" + Chrome.url(filter.group()) + "&rule="
                + filter.rule() + "&level=" + filter.minLevel() + "&since=" + Chrome.url(filter.since())
                + (filter.unacked() ? "&unacked=1" : "") + "&page=" + page;
    }
}
