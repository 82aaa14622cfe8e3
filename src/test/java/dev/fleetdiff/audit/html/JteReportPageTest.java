package dev.fleetdiff.audit.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.audit.ChangeLine;
import dev.fleetdiff.audit.Episode;
import dev.fleetdiff.audit.Report;
import dev.fleetdiff.audit.Section;
import dev.fleetdiff.store.Ack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTML report escapes what hosts and reviewers wrote: no value becomes markup. */
class JteReportPageTest {
    private static final Instant T = Instant.parse("2026-11-30T00:00:00Z");
    private static final String ATTACK = "<img src=x onerror=alert(1)>\"'&";

    @Test
    void valuesFromHostsAndReviewersAreEscaped() {
        Section section = new Section("web", 1, 1, List.of(), Map.of("ports", 3L), List.of(), 0, 0, 1);
        ChangeLine change = new ChangeLine("a1", T, "web1", "ports", 100, 7, ATTACK, "", List.of(
                new Ack("a1", ATTACK, T, Optional.of(ATTACK))));
        Episode episode = new Episode("web1", Episode.Kind.FAILING, T, Optional.empty(), ATTACK, Duration.ofHours(1));
        Report report = new Report(T.minus(Duration.ofDays(7)), T, List.of(section), section, List.of(change),
                List.of(episode), List.of());

        String html = JteReportPage.render(report);

        assertThat(html).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;\"'&amp;");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<td class=\"n\">3</td>");
    }
}
