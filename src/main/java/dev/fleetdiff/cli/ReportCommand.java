package dev.fleetdiff.cli;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.audit.Report;
import dev.fleetdiff.audit.ReportText;
import dev.fleetdiff.audit.html.JteReportPage;
import dev.fleetdiff.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetdiff report}: what a period held, per group and in total, from the store alone; as text, CSV, JSON or
 * an HTML page, on stdout or into a file readable by its owner only.
 */
@Command(name = "report", description = "Coverage, checks, changes, failing and stale episodes, acks and accepts of a"
        + " period, per group and in total.")
final class ReportCommand extends FleetCommand {
    /** The forms a report is written in. */
    enum Format { text, csv, json, html }

    @Option(names = "--since", paramLabel = "DURATION", converter = SinceConverter.class, defaultValue = "7d",
            description = "the period's length, ending at --until (default: ${DEFAULT-VALUE}; e.g. 24h, 30d)")
    Duration since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "end of the period, ISO-8601 such as 2026-11-30T00:00:00Z (default: now)")
    String until;

    @Option(names = "--group", paramLabel = "G", description = "only this group (default: every group)")
    String group;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, csv, json or html (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "write to this file (mode 0600) instead of stdout")
    Path out;

    @Override
    int run() throws Exception {
        Optional<Instant> end = Optional.ofNullable(until).map(ReportCommand::instant);
        try (Fleetdiff app = open()) {
            Report report = app.report(since, end, Optional.ofNullable(group));
            String written = switch (format) {
                case text -> ReportText.of(report);
                case csv -> ReportCsv.of(report);
                case json -> ReportJson.of(report) + "\n";
                case html -> JteReportPage.render(report);
            };
            if (out == null) {
                out().print(written);
            } else {
                write(out, written);
                err().println("report written to " + out);
            }
            return ExitCodes.OK;
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("--until '" + text + "' is no time; expected ISO-8601 in UTC such as"
                    + " 2026-11-30T00:00:00Z");
        }
    }

    /** Writes the whole report 0600 beside the file, then moves it in place: never a half-written report. */
    private static void write(Path file, String text) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        PrivateFiles.create(temp);
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
