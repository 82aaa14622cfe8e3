package dev.fleetdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of {@link AuditWeek} rendered by headless Chromium: a screenshot kept under target/screenshots/ for
 * review, and the rendered page's text holding the week's counts. Skipped without Chromium, except in CI.
 */
class ReportPageIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(120);
    /** A blank 1280x2000 PNG is a few kilobytes; tables of text make it far larger. */
    private static final long MIN_SCREENSHOT_BYTES = 20_000;

    @TempDir
    Path dir;

    @Test
    void chromiumRendersTheWeeksCounts() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) || "true".equals(System.getenv("CI")), "no " + CHROMIUM);
        Path config = AuditWeek.write(dir);
        Path page = dir.resolve("report.html");
        CliFleet.Run run = CliFleet.execute("report", "--since", "7d", "--until", AuditWeek.UNTIL.toString(),
                "--format", "html", "--out", page.toString(), "--config", config.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);

        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        Path png = screenshots.resolve("report-week.png");
        Files.deleteIfExists(png);
        chromium("--screenshot=" + png, "--window-size=1280,2000", page.toUri().toString());
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(MIN_SCREENSHOT_BYTES);
        byte[] head = Files.readAllBytes(png);
        assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");

        String dom = chromium("--dump-dom", page.toUri().toString());
        String text = dom.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
        assertThat(text).contains("web 3 3 100.0% 1 0 1").contains("db 2 1 50.0% 1 1 0 db2")
                .contains("total 5 4 80.0% 2 1 1 db2");
        assertThat(text).contains("web listening-ports 82").contains("total listening-ports 96")
                .contains("total users 14");
        assertThat(text).contains("web3 failing 2026-11-24T12:00:00Z 2026-11-25T00:00:00Z 12h connection refused");
        assertThat(text).contains("c-web2 alice 2026-11-26T00:00:00Z planned port");
        assertThat(text).contains("fleetdiff diff --host web1 --command listening-ports --from 1 --to 2");
    }

    /** Runs headless Chromium in a fresh profile and returns what it printed on stdout. */
    private String chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Process browser = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!browser.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            browser.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + BROWSER_TIMEOUT);
        }
        return Files.readString(out);
    }
}
