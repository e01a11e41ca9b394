package io.sleipnir.golang;

/**
 * One match of a {@link GoRegex}: the bounds of the whole match (group 0) and of each group, as Go's
 * {@code FindStringSubmatchIndex} gives them, in chars of the input. A group that did not take part has start and
 * end -1 and text null.
 */
public final class GoMatch {
    private final CharSequence input;
    /** start and end of group g at 2g and 2g + 1. */
    private final int[] bounds;

    GoMatch(CharSequence input, int[] bounds) {
        this.input = input;
        this.bounds = bounds;
    }

    public int start(int group) {
        return bounds[2 * group];
    }

    public int end(int group) {
        return bounds[2 * group + 1];
    }

    /** The text of {@code group}, or null when it did not take part in the match. */
    public String group(int group) {
        int start = bounds[2 * group];
        return start < 0 ? null : input.subSequence(start, bounds[2 * group + 1]).toString();
    }

    /** The number of capturing groups, not counting group 0. */
    public int groupCount() {
        return bounds.length / 2 - 1;
    }
}
