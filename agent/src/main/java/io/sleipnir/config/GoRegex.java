package io.sleipnir.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Go (RE2) regular expression compiled to {@link Pattern}. The common syntax is the same; this class bridges
 * the differences that matter for log pipelines:
 * <ul>
 *   <li>named groups {@code (?P<name>...)} and {@code (?<name>...)}: Java allows only {@code [a-zA-Z][a-zA-Z0-9]*}
 *       as a group name (no {@code _}), so groups are renamed internally and {@link #groupNames()} keeps the
 *       original names by group number;</li>
 *   <li>{@code $} outside {@code (?m)} means the end of the text in RE2, but also "before a final newline" in
 *       Java: it becomes {@code \z};</li>
 *   <li>ASCII classes such as {@code [[:alpha:]]} become Java's {@code \p{Alpha}};</li>
 *   <li>only {@code \n} ends a line ({@link Pattern#UNIX_LINES}), as in RE2.</li>
 * </ul>
 * RE2 rejects backreferences and lookaround; so does this class, so that a config that works here works in Promtail.
 * Compiled once at config time; equal when their source text is equal (config records compare by value).
 */
public final class GoRegex {
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

    private final String source;
    private final Pattern pattern;
    private final List<String> groupNames;

    private GoRegex(String source, Pattern pattern, List<String> groupNames) {
        this.source = source;
        this.pattern = pattern;
        this.groupNames = groupNames;
    }

    /** Compiles a Go regular expression; the message of the exception says what is wrong. */
    public static GoRegex compile(String re2) {
        List<String> names = new ArrayList<>();
        names.add(null); // group 0
        String java = translate(re2, names);
        try {
            return new GoRegex(re2, Pattern.compile(java, Pattern.UNIX_LINES), Collections.unmodifiableList(names));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription() + " near index " + e.getIndex(), e);
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

    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoRegex other && source.equals(other.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }

    private static String translate(String re, List<String> names) {
        StringBuilder out = new StringBuilder(re.length() + 16);
        boolean multiline = false;
        int n = re.length();
        int i = 0;
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("trailing backslash at end of expression");
                }
                char e = re.charAt(i + 1);
                if (e >= '1' && e <= '9') {
                    throw new IllegalArgumentException("invalid escape sequence \\" + e
                            + " (RE2 has no backreferences)");
                }
                if (e == 'Q') {
                    int end = re.indexOf("\\E", i + 2);
                    int stop = end < 0 ? n : end + 2;
                    out.append(re, i, stop);
                    if (end < 0) {
                        out.append("\\E");
                    }
                    i = stop;
                    continue;
                }
                if (e == 'z') {
                    out.append("\\z");
                } else {
                    out.append(c).append(e);
                }
                i += 2;
                continue;
            }
            if (c == '[') {
                i = copyClass(re, i, out);
                continue;
            }
            if (c == '(' && i + 1 < n && re.charAt(i + 1) == '?') {
                if (re.startsWith("(?P<", i) || (re.startsWith("(?<", i) && i + 3 < n
                        && re.charAt(i + 3) != '=' && re.charAt(i + 3) != '!')) {
                    int nameStart = re.indexOf('<', i) + 1;
                    int nameEnd = re.indexOf('>', nameStart);
                    if (nameEnd < 0) {
                        throw new IllegalArgumentException("invalid named capture: missing '>'");
                    }
                    String name = re.substring(nameStart, nameEnd);
                    if (!name.matches("[A-Za-z0-9_]+")) {
                        throw new IllegalArgumentException("invalid named capture: \"" + name + "\"");
                    }
                    if (names.contains(name)) {
                        throw new IllegalArgumentException("duplicate capture group name \"" + name + "\"");
                    }
                    names.add(name);
                    out.append("(?<g").append(names.size() - 1).append('>');
                    i = nameEnd + 1;
                    continue;
                }
                if (re.startsWith("(?=", i) || re.startsWith("(?!", i) || re.startsWith("(?<=", i)
                        || re.startsWith("(?<!", i)) {
                    throw new IllegalArgumentException("invalid or unsupported Perl syntax: lookaround is not RE2");
                }
                // Flags: (?i) (?m) (?s) (?U) and (?flags:...)
                int j = i + 2;
                while (j < n && Character.isLetter(re.charAt(j)) || j < n && re.charAt(j) == '-') {
                    char f = re.charAt(j);
                    if (f == 'm') {
                        multiline = true;
                    } else if (f == 'U') {
                        throw new IllegalArgumentException("the (?U) flag (ungreedy) is not supported");
                    }
                    j++;
                }
                out.append(re, i, j);
                i = j;
                continue;
            }
            if (c == '(') {
                names.add(null);
                out.append(c);
                i++;
                continue;
            }
            if (c == '$' && !multiline) {
                out.append("\\z");
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Copies a bracket class starting at {@code start}, translating POSIX classes; returns the index after it. */
    private static int copyClass(String re, int start, StringBuilder out) {
        int n = re.length();
        int i = start + 1;
        out.append('[');
        if (i < n && re.charAt(i) == '^') {
            out.append('^');
            i++;
        }
        if (i < n && re.charAt(i) == ']') {
            out.append("\\]");
            i++;
        }
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < n) {
                out.append(c).append(re.charAt(i + 1));
                i += 2;
            } else if (c == '[' && re.startsWith("[:", i)) {
                int end = re.indexOf(":]", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("missing closing ] in character class");
                }
                String name = re.substring(i + 2, end);
                boolean negated = name.startsWith("^");
                String java = POSIX_CLASSES.get(negated ? name.substring(1) : name);
                if (java == null) {
                    throw new IllegalArgumentException("invalid character class range: [:" + name + ":]");
                }
                out.append(negated ? "[^" + java + "]" : java);
                i = end + 2;
            } else if (c == '[') {
                out.append("\\[");
                i++;
            } else if (c == '&' && i + 1 < n && re.charAt(i + 1) == '&') {
                out.append("&\\&");
                i += 2;
            } else if (c == ']') {
                out.append(']');
                return i + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("missing closing ] in character class");
    }

    /**
     * Go's {@code Regexp.ReplaceAllString}: every match replaced by {@code template}, in which {@code $1},
     * {@code ${1}}, {@code $name} and {@code ${name}} expand to groups (a name is the longest run of letters, digits
     * and {@code _}; an unknown group expands to nothing) and {@code $$} is a literal {@code $}.
     */
    public String replaceAll(String input, String template, boolean literal) {
        Matcher m = pattern.matcher(input);
        StringBuilder out = new StringBuilder(input.length() + 16);
        int last = 0;
        int lastMatchEnd = -1;
        while (m.find()) {
            // Go skips an empty match right after the previous match.
            if (m.start() == m.end() && m.start() == lastMatchEnd) {
                continue;
            }
            out.append(input, last, m.start());
            if (literal) {
                out.append(template);
            } else {
                expand(m, template, out);
            }
            last = m.end();
            lastMatchEnd = m.end();
        }
        out.append(input, last, input.length());
        return out.toString();
    }

    private void expand(Matcher m, String template, StringBuilder out) {
        int n = template.length();
        int i = 0;
        while (i < n) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (next == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0 || !isName(template, i + 2, close)) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                int j = i + 1;
                while (j < n && isNameChar(template.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 1, j);
                end = j;
            }
            String value = group(m, name);
            if (value != null) {
                out.append(value);
            }
            i = end;
        }
    }

    private String group(Matcher m, String name) {
        int index = -1;
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                index = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            index = groupNames.indexOf(name);
        }
        if (index < 0 || index > m.groupCount()) {
            return null;
        }
        return m.group(index);
    }

    private static boolean isName(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
