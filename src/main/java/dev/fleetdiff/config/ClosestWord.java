package dev.fleetdiff.config;

import java.util.Collection;
import java.util.Optional;

/** Finds the known word a misspelt one was most likely meant to be, for "did you mean" hints. */
final class ClosestWord {
    private static final int MAX_EDITS_SHORT_WORD = 2;
    private static final int LETTERS_PER_EXTRA_EDIT = 4;

    private ClosestWord() {
    }

    /** The candidate fewest single-letter edits away, if it is close enough to be a plausible typo. */
    static Optional<String> to(String word, Collection<String> candidates) {
        int allowed = Math.max(MAX_EDITS_SHORT_WORD, word.length() / LETTERS_PER_EXTRA_EDIT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(word.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed && bestDistance < word.length() ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance: insertions, deletions and substitutions needed to turn one word into the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
