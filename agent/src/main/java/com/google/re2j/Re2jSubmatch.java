package com.google.re2j;

/**
 * Sleipnir's door into RE2/J's matcher, in RE2/J's package because what it needs is package-private: a search
 * that returns every group's bounds from a single pass, as Go's {@code FindStringSubmatchIndex} does. RE2/J's
 * public {@link Matcher} finds the match first and runs the automaton a second time over it for the groups,
 * which doubles the cost of every {@code regex} stage line; and a search without groups that stops at the first
 * match, as Go's {@code MatchString} does. Used only by {@code io.sleipnir.golang.GoRegex}; a new RE2/J that
 * changes these internals fails the build, not a running agent.
 */
public final class Re2jSubmatch {
    private Re2jSubmatch() {
    }

    /**
     * The leftmost-first match of {@code pattern} in {@code input} at or after {@code start} (the text before it
     * still counts for {@code ^} and {@code \b}); fills {@code bounds} (start and end of group g at 2g and 2g + 1,
     * -1 for a group that did not take part) and returns true, or returns false.
     */
    public static boolean find(Pattern pattern, CharSequence input, int start, int[] bounds) {
        return pattern.re2().match(input, start, input.length(), RE2.UNANCHORED, bounds, bounds.length / 2);
    }

    /** Whether {@code pattern} matches somewhere in {@code input}. */
    public static boolean matchesSomewhere(Pattern pattern, CharSequence input) {
        return pattern.re2().match(input, 0, input.length(), RE2.UNANCHORED, null, 0);
    }
}
