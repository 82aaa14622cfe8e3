package dev.fleetdiff.rules;

import java.nio.file.Path;

/** A rule file that was loaded and how many rules it defines, for {@code fleetdiff check}. */
public record RuleFile(Path file, int rules) {
}
