package dev.fleetdiff.web;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.HostSummary;
import dev.fleetdiff.text.ShownText;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The fleet overview: every host with its groups, state, last good poll, age and open changes, filtered, sorted and
 * cut into pages on the server, so a browser never holds 10,000 rows.
 */
record Overview(Chrome chrome, List<Row> rows, Filter filter, Paging paging, List<String> groups, int total) {
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1_000;
    static final List<String> SORTS = List.of("host", "state", "age", "changes");
    static final List<String> STATES = List.of("ok", "failing", "stale", "never polled");

    /** One host's line. */
    record Row(String host, String url, String groups, String state, String lastGood, String age, int openChanges) {
    }

    /** What the viewer asked for; every value is checked against what exists, so none is echoed raw. */
    record Filter(String group, String state, String host, String sort, boolean descending) {
    }

    /** Which page of how many, and the query strings of the neighbours. */
    record Paging(int page, int pages, int size, String previous, String next) {
    }

    static Overview build(Fleetdiff app, Request request, Chrome chrome) {
        Instant now = app.now();
        List<HostSummary> all = app.hostSummaries();
        TreeSet<String> groups = new TreeSet<>();
        all.forEach(h -> groups.addAll(h.groups()));
        Filter filter = new Filter(request.get("group").filter(groups::contains).orElse(""),
                request.get("state").filter(STATES::contains).orElse(""),
                ShownText.line(request.get("host").orElse(""), Request.MAX_VALUE_CHARS),
                request.get("sort").filter(SORTS::contains).orElse("host"),
                request.get("desc").isPresent());
        String hostPart = filter.host().toLowerCase(Locale.ROOT);
        List<HostSummary> kept = all.stream()
                .filter(h -> filter.group().isEmpty() || h.groups().contains(filter.group()))
                .filter(h -> filter.state().isEmpty() || h.state().equals(filter.state()))
                .filter(h -> hostPart.isEmpty() || h.host().toLowerCase(Locale.ROOT).contains(hostPart))
                .sorted(order(filter)).toList();
        int size = request.number("size", 1, MAX_PAGE_SIZE).orElse(DEFAULT_PAGE_SIZE);
        int pages = Math.max(1, (kept.size() + size - 1) / size);
        int page = Math.min(request.number("page", 1, Integer.MAX_VALUE).orElse(1), pages);
        List<Row> rows = kept.subList((page - 1) * size, Math.min(kept.size(), page * size)).stream()
                .map(h -> row(h, now)).toList();
        return new Overview(chrome, rows, filter, new Paging(page, pages, size, page > 1 ? query(filter, page - 1, size)
                : "", page < pages ? query(filter, page + 1, size) : ""), List.copyOf(groups), kept.size());
    }

    private static Comparator<HostSummary> order(Filter filter) {
        Comparator<HostSummary> byHost = Comparator.comparing(HostSummary::host);
        Comparator<HostSummary> order = switch (filter.sort()) {
            case "state" -> Comparator.comparing(HostSummary::state).thenComparing(byHost);
            case "age" -> Comparator.comparing((HostSummary h) -> h.lastGood().orElse(Instant.MIN),
                    Comparator.reverseOrder()).thenComparing(byHost);
            case "changes" -> Comparator.comparingInt(HostSummary::unackedAlerts).reversed().thenComparing(byHost);
            default -> byHost;
        };
        return filter.descending() ? order.reversed() : order;
    }

    private static Row row(HostSummary host, Instant now) {
        return new Row(ShownText.line(host.host()), "/hosts/" + Chrome.url(host.host()),
                ShownText.line(String.join(", ", host.groups())), host.state(), Chrome.time(host.lastGood()),
                host.lastGoodAge(now).map(Chrome::age).orElse("-"), host.unackedAlerts());
    }

    /** The query string of a page of the same filter. */
    static String query(Filter filter, int page, int size) {
        return "?group=" + Chrome.url(filter.group()) + "&state=" + Chrome.url(filter.state()) + "&host="
                + Chrome.url(filter.host()) + "&sort=" + filter.sort() + (filter.descending() ? "&desc=1" : "")
                + "&size=" + size + "&page=" + page;
    }

    /** The query string that sorts by {@code column}, flipping the direction if it is the current sort. */
    String sortBy(String column) {
        boolean desc = column.equals(filter.sort()) && !filter.descending();
        return query(new Filter(filter.group(), filter.state(), filter.host(), column, desc), 1, paging.size());
    }
}
