package dev.fleetdiff.web;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.compare.OutputComparer;
import dev.fleetdiff.regex.LinearRegex;
import dev.fleetdiff.store.LatestOutput;
import dev.fleetdiff.text.ShownText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Fleet search: which hosts' latest output of a command has a line that contains a text or matches a regex. Each
 * distinct output is searched once for all the hosts that printed it; regexes run in linear time (never
 * java.util.regex on host output); the whole search stops at a deadline and says it did.
 */
record FleetSearch(Chrome chrome, List<String> commands, String command, String query, boolean regex,
                   Optional<String> error, List<Match> matches, int hosts, boolean cut) {
    /** A search stops after this long and shows what it found. */
    static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Matching lines shown per distinct output. */
    static final int LINES_SHOWN = 5;
    /** Hosts listed per distinct output; the rest are counted. */
    static final int HOSTS_SHOWN = 200;

    /** One distinct output that matched: its hosts and the lines that matched. */
    record Match(List<String> hosts, int hostCount, List<String> lines) {
    }

    static FleetSearch build(Fleetdiff app, Request request, Chrome chrome) {
        List<String> commands = app.inventory().commands().keySet().stream().sorted().toList();
        String command = request.get("command").filter(commands::contains).orElse(commands.isEmpty() ? ""
                : commands.get(0));
        Optional<String> query = request.get("q");
        boolean regex = request.get("regex").isPresent();
        if (query.isEmpty() || command.isEmpty()) {
            return new FleetSearch(chrome, commands, command, "", regex, Optional.empty(), List.of(), 0, false);
        }
        Predicate<String> matcher;
        try {
            matcher = matcher(query.get(), regex);
        } catch (IllegalArgumentException e) {
            return new FleetSearch(chrome, commands, command, ShownText.line(query.get()), regex,
                    Optional.of("the regex " + ShownText.message(e.getMessage())), List.of(), 0, false);
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<Match> matches = new ArrayList<>();
        int hosts = 0;
        boolean cut = false;
        for (LatestOutput output : app.latestOutputs(command)) {
            if (System.nanoTime() > deadline) {
                cut = true;
                break;
            }
            List<String> lines = new ArrayList<>();
            for (String line : OutputComparer.lines(output.output())) {
                if (matcher.test(line)) {
                    lines.add(ShownText.line(line, Request.MAX_VALUE_CHARS));
                    if (lines.size() == LINES_SHOWN) {
                        break;
                    }
                }
            }
            if (!lines.isEmpty()) {
                hosts += output.hosts().size();
                matches.add(new Match(output.hosts().stream().limit(HOSTS_SHOWN).map(ShownText::line).toList(),
                        output.hosts().size(), lines));
            }
        }
        matches.sort((a, b) -> Integer.compare(b.hostCount(), a.hostCount()));
        return new FleetSearch(chrome, commands, command, ShownText.line(query.get()), regex, Optional.empty(),
                matches, hosts, cut);
    }

    private static Predicate<String> matcher(String query, boolean regex) {
        if (regex) {
            LinearRegex pattern = LinearRegex.compile(query);
            return pattern::find;
        }
        String lower = query.toLowerCase(Locale.ROOT);
        return line -> line.toLowerCase(Locale.ROOT).contains(lower);
    }
}
