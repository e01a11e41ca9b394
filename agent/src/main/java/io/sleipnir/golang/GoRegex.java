package io.sleipnir.golang;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Go (RE2) regular expression compiled to {@link Pattern}, so that a regex copied from a Promtail config means
 * here what it means there ({@link Re2Translator} lists the differences bridged). Two ways to compile, as in the
 * Go code Promtail runs:
 * <ul>
 *   <li>{@link #compile}: Go's {@code regexp.Compile}, for pipeline stages, selectors and templates, which search;</li>
 *   <li>{@link #compileAnchored}: Prometheus' {@code relabel.NewRegexp}, {@code ^(?:re)$}, for relabel rules,
 *       which must match the whole value.</li>
 * </ul>
 * Both throw {@link Re2SyntaxException} for what RE2 refuses. Compiled once at config time; equal when source text
 * and anchoring are equal (config records compare by value).
 */
public final class GoRegex {
    private final String source;
    private final boolean anchored;
    private final Pattern pattern;
    private final List<String> groupNames;
    private final Map<String, Integer> groupIndexByName;

    private GoRegex(String source, boolean anchored, Pattern pattern, List<String> groupNames) {
        this.source = source;
        this.anchored = anchored;
        this.pattern = pattern;
        this.groupNames = groupNames;
        if (pattern.matcher("").groupCount() != groupNames.size() - 1) {
            // A translation bug would shift every group name: better refused at start-up than wrong labels later.
            throw new IllegalStateException("group count of " + source + " translated as " + pattern + " differs");
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 1; i < groupNames.size(); i++) {
            if (groupNames.get(i) != null) {
                byName.put(groupNames.get(i), i);
            }
        }
        this.groupIndexByName = Map.copyOf(byName);
    }

    /** Go's {@code regexp.Compile}: matches anywhere unless the expression anchors itself. */
    public static GoRegex compile(String re2) {
        return compile(re2, false);
    }

    /** Prometheus' {@code NewRegexp}: {@code ^(?:re2)$}, the whole input must match. */
    public static GoRegex compileAnchored(String re2) {
        return compile(re2, true);
    }

    private static GoRegex compile(String re2, boolean anchored) {
        Re2Translator.Translation t = Re2Translator.translate(re2);
        String java = anchored ? "^(?:" + t.java() + ")\\z" : t.java();
        try {
            return new GoRegex(re2, anchored, Pattern.compile(java, Pattern.UNIX_LINES), t.groupNames());
        } catch (PatternSyntaxException e) {
            // What the translation let through and Java still refuses, such as an unclosed group.
            throw new Re2SyntaxException(e.getDescription(), re2, null, e);
        }
    }

    public Pattern pattern() {
        return pattern;
    }

    public Matcher matcher(CharSequence input) {
        return pattern.matcher(input);
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
        Matcher m = pattern.matcher(input);
        Expansion expansion = literal ? null : expansion(template);
        StringBuilder out = new StringBuilder(input.length() + 16);
        int last = 0;
        int lastMatchEnd = -1;
        while (m.find()) {
            // Go skips an empty match right after the previous match.
            if (m.start() == m.end() && m.start() == lastMatchEnd) {
                continue;
            }
            out.append(input, last, m.start());
            out.append(literal ? template : expansion.expand(input, m));
            last = m.end();
            lastMatchEnd = m.end();
        }
        out.append(input, last, input.length());
        return out.toString();
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
