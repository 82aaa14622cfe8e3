package dev.fleetdiff.compare;

/**
 * The difference between a previous and a current output, after ignore filters.
 *
 * @param changed   true if the compared outputs differ
 * @param diff      unified diff (lines mode) or "-line"/"+line" listing (set mode), empty when unchanged; only its
 *                  first characters when the comparison was asked for a bounded diff
 * @param diffChars length of the whole diff, of which {@code diff} may be the start
 */
public record Change(boolean changed, String diff, long diffChars) {
    public static final Change NONE = new Change(false, "", 0);

    /** True if {@code diff} is only the start of the diff. */
    public boolean cut() {
        return diffChars > diff.length();
    }
}
