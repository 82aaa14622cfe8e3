package dev.fleetdiff.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** Who reviewed and why, the same two options for {@code ack} and {@code accept}. */
final class ReviewerOptions {
    @Option(names = "--by", required = true, paramLabel = "NAME", description = "who reviewed it")
    String by;

    @Option(names = "--note", paramLabel = "TEXT", description = "why, e.g. the change ticket or planned upgrade")
    String note;

    Optional<String> note() {
        return Optional.ofNullable(note);
    }
}
