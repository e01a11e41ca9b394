package io.sleipnir.golang;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.google.re2j.Re2jSubmatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Go regular expression: RE2 syntax and Go's {@code regexp} semantics, matched by RE2/J (a port of Go's
 * {@code regexp}) in time linear in the input, whatever the expression. A user's regex runs on the reader thread,
 * so a backtracking engine would let one line stall every file.
 *
 * <p>Two ways to compile, as in the Go code Promtail runs:
 * <ul>
 *   <li>{@link #compile}: Go's {@code regexp.Compile}, for pipeline stages, line filters and templates, which
 *       search;</li>
 *   <li>{@link #compileAnchored}: {@code ^(?:re)$}, as Prometheus' {@code relabel.NewRegexp} (relabel rules) and
 *       {@code labels.NewMatcher} (LogQL's {@code =~}, {@code !~}) compile it, so the whole value must match.</li>
 * </ul>
 * Both throw {@link Re2SyntaxException} with Go's message for what Go refuses. Where RE2/J and Go 1.20 (the Go of
 * Promtail 2.8) differ, {@link #compile} follows Go, except {@code (?<name>re)}, accepted as Go 1.22 and RE2/J do
 * (see the README's "What differs, on purpose"). Compiled once at config time; equal when source text and anchoring
 * are equal (config records compare by value). Thread-safe.
 */
public final class GoRegex {
    private final String source;
    private final boolean anchored;
    private final Pattern pattern;
    private final List<String> groupNames;
    private final Map<String, Integer> groupIndexByName;
    /**
     * Prometheus' default relabel regex, {@code (.*)} anchored: it matches exactly the values without a newline
     * ({@code .} excludes it), the whole value in group 1. Most relabel rules keep it, so it skips the automaton.
     */
    private final boolean wholeLineGroup;

    private GoRegex(String source, boolean anchored, Pattern pattern, Map<String, Integer> groupIndexByName) {
        this.source = source;
        this.anchored = anchored;
        this.pattern = pattern;
        this.groupIndexByName = Map.copyOf(groupIndexByName);
        List<String> names = new ArrayList<>(Collections.nCopies(pattern.groupCount() + 1, (String) null));
        groupIndexByName.forEach((name, index) -> names.set(index, name));
        this.groupNames = Collections.unmodifiableList(names);
        this.wholeLineGroup = anchored && source.equals("(.*)");
    }

    /** Go's {@code regexp.Compile}: matches anywhere unless the expression anchors itself. */
    public static GoRegex compile(String re2) {
        Pattern p = parse(re2);
        return new GoRegex(re2, false, p, p.namedGroups());
    }

    /**
     * {@code ^(?:re2)$}: the whole input must match. The expression is first checked alone, so an error names the
     * user's text; wrapping it adds no group, so group numbers are the user's.
     */
    public static GoRegex compileAnchored(String re2) {
        Pattern alone = parse(re2);
        return new GoRegex(re2, true, parse("^(?:" + re2 + ")$"), alone.namedGroups());
    }

    /** Compiles with Go 1.20's Unicode classes ({@link UnicodeClasses}); errors name the expression as written. */
    private static Pattern parse(String re2) {
        String expanded = UnicodeClasses.expand(re2);
        try {
            return Pattern.compile(expanded);
        } catch (PatternSyntaxException e) {
            if (!expanded.equals(re2)) {
                try {
                    Pattern.compile(re2);
                } catch (PatternSyntaxException asWritten) {
                    throw Re2Errors.translate(re2, asWritten);
                }
            }
            throw Re2Errors.translate(re2, e);
        }
    }

    /** Go's {@code MatchString}: whether the expression matches (somewhere, or the whole input if anchored). */
    public boolean find(CharSequence input) {
        if (wholeLineGroup) {
            return noNewline(input);
        }
        return Re2jSubmatch.matchesSomewhere(pattern, input);
    }

    /** Go's {@code FindStringSubmatchIndex}: the leftmost-first match and its groups, or null. */
    public GoMatch firstMatch(CharSequence input) {
        if (wholeLineGroup) {
            int n = input.length();
            return noNewline(input) ? new GoMatch(input, new int[] {0, n, 0, n}) : null;
        }
        int[] bounds = new int[2 * groupNames.size()];
        return Re2jSubmatch.find(pattern, input, 0, bounds) ? new GoMatch(input, bounds) : null;
    }

    /**
     * Go's {@code FindAllStringSubmatchIndex(s, -1)}: successive non-overlapping matches, left to right; an empty
     * match right after the previous match is skipped, and the search moves on by a whole code point after an empty
     * match (RE2/J's own {@code find()} would step into the middle of a surrogate pair).
     */
    public void forEachMatch(CharSequence input, Consumer<GoMatch> action) {
        int end = input.length();
        int pos = 0;
        int previousMatchEnd = -1;
        while (pos <= end) {
            int[] bounds = new int[2 * groupNames.size()];
            if (!Re2jSubmatch.find(pattern, input, pos, bounds)) {
                break;
            }
            int matchStart = bounds[0];
            int matchEnd = bounds[1];
            boolean accept = true;
            if (matchEnd == pos) {
                accept = matchStart != previousMatchEnd;
                pos += pos < end ? Character.charCount(Character.codePointAt(input, pos)) : 1;
            } else {
                pos = matchEnd;
            }
            previousMatchEnd = matchEnd;
            if (accept) {
                action.accept(new GoMatch(input, bounds));
            }
        }
    }

    private static boolean noNewline(CharSequence input) {
        for (int i = 0; i < input.length(); i++) {
            if (input.charAt(i) == '\n') {
                return false;
            }
        }
        return true;
    }

    /** Group names by group number; index 0 and unnamed groups are null. */
    public List<String> groupNames() {
        return groupNames;
    }

    /** The number of each named group. */
    public Map<String, Integer> groupIndexByName() {
        return groupIndexByName;
    }

    /** The number of capturing groups, not counting group 0. */
    public int groupCount() {
        return groupNames.size() - 1;
    }

    /** {@code template} compiled as a Go {@code Regexp.Expand} template against this regex's groups. */
    public Expansion expansion(String template) {
        return Expansion.compile(template, groupCount(), groupIndexByName);
    }

    /** The expression as written in the config. */
    public String source() {
        return source;
    }

    public boolean anchored() {
        return anchored;
    }

    /**
     * Go's {@code Regexp.ReplaceAllString} ({@code literal} false: {@code $1}, {@code ${name}} expand as in
     * {@link Expansion}) or {@code ReplaceAllLiteralString} ({@code literal} true).
     */
    public String replaceAll(String input, String template, boolean literal) {
        Expansion expansion = literal ? null : expansion(template);
        StringBuilder out = new StringBuilder(input.length() + 16);
        int[] copied = {0};
        forEachMatch(input, m -> {
            out.append(input, copied[0], m.start(0));
            out.append(literal ? template : expansion.expand(input, m));
            copied[0] = m.end(0);
        });
        out.append(input, copied[0], input.length());
        return out.toString();
    }

    /** Go's {@code FindAllString(s, n)}: the texts of the first {@code n} matches ({@code n < 0}: all). */
    public List<String> findAll(String input, long n) {
        List<String> found = new ArrayList<>();
        if (n != 0) {
            forEachMatch(input, m -> {
                if (n < 0 || found.size() < n) {
                    found.add(input.substring(m.start(0), m.end(0)));
                }
            });
        }
        return found;
    }

    /** Go's {@code Regexp.Split(s, n)}: the texts between matches, at most {@code n} ({@code n < 0}: all). */
    public List<String> split(String input, long n) {
        List<String> parts = new ArrayList<>();
        if (n == 0) {
            return parts;
        }
        if (!source.isEmpty() && input.isEmpty()) {
            return List.of("");
        }
        List<int[]> matches = new ArrayList<>();
        forEachMatch(input, m -> {
            if (n < 0 || matches.size() < n) {
                matches.add(new int[] {m.start(0), m.end(0)});
            }
        });
        int begin = 0;
        int end = 0;
        for (int[] match : matches) {
            if (n > 0 && parts.size() == n - 1) {
                break;
            }
            end = match[0];
            if (match[1] != 0) {
                parts.add(input.substring(begin, end));
            }
            begin = match[1];
        }
        if (end != input.length()) {
            parts.add(input.substring(begin));
        }
        return parts;
    }

    /** Go's {@code regexp.QuoteMeta}. */
    public static String quoteMeta(String s) {
        StringBuilder b = new StringBuilder(s.length() * 2);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoRegex other && source.equals(other.source) && anchored == other.anchored;
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + Boolean.hashCode(anchored);
    }

    @Override
    public String toString() {
        return source;
    }
}
