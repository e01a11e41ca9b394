package io.sleipnir.golang;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * Rewrites RE2 syntax into the {@link java.util.regex.Pattern} syntax that means the same, to be compiled with
 * {@link java.util.regex.Pattern#UNIX_LINES} (so {@code .} excludes only {@code \n}, as in RE2):
 * <ul>
 *   <li>{@code (?P<name>..)} and {@code (?<name>..)} become plain groups; the names (RE2 allows {@code _}, Java does
 *       not) are kept by group number.</li>
 *   <li>POSIX classes {@code [[:alpha:]]} become {@code \p{Alpha}} (Java would read a set of the letters).</li>
 *   <li>A <code>{</code> that is not a repetition is a literal, as in RE2 (Java throws).</li>
 *   <li>Inside a class, {@code [} and {@code &} are literals, as in RE2 (Java reads nesting and {@code &&}).</li>
 *   <li>{@code $} where the {@code m} flag is not in effect means end of text ({@code \z}); Java's {@code $} would
 *       also match before a final newline. The flag is tracked with RE2's scoping (a {@code (?m)} lasts until its
 *       enclosing group closes).</li>
 *   <li>Script names ({@code \p{Greek}}) get Java's {@code Is} prefix.</li>
 *   <li>Java-only constructs RE2 rejects (backreferences, lookaround, atomic groups, possessive quantifiers,
 *       repeat counts above 1000) are rejected with Go's message, so a config Promtail refuses is refused here too.</li>
 * </ul>
 * RE2's {@code (?U)} (ungreedy) is rejected: Java reads that letter as UNICODE_CHARACTER_CLASS, and swapping every
 * quantifier is not worth it for a flag no Promtail config we know uses. Not translated: {@code \C}, and Java's
 * {@code \s} also matching {@code \v}.
 */
final class Re2Translator {
    private static final int MAX_REPEAT = 1000;

    /** The Java pattern text and the group names by group number (index 0 and unnamed groups are null). */
    record Translation(String java, List<String> groupNames) {
    }

    private final String src;
    private final StringBuilder out = new StringBuilder();
    private final List<String> names = new ArrayList<>();
    /** Whether the m flag was in effect when each open group opened, restored when it closes. */
    private final Deque<Boolean> multilineAtOpen = new ArrayDeque<>();
    private boolean multiline;
    private int pos;
    /** Whether the last thing emitted was a repetition operator, to spot RE2's "nested repetition". */
    private boolean afterRepeat;

    private Re2Translator(String src) {
        this.src = src;
        names.add(null); // group 0, the whole match
    }

    static Translation translate(String re2) {
        Re2Translator t = new Re2Translator(re2);
        t.run();
        return new Translation(t.out.toString(), Collections.unmodifiableList(t.names));
    }

    private void run() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            switch (c) {
                case '\\' -> escape(false);
                case '[' -> charClass();
                case '(' -> group();
                case ')' -> closeGroup();
                case '{' -> brace();
                case '}' -> literal("\\}");
                case '$' -> literal(multiline ? "$" : "\\z");
                case '*', '+', '?' -> repeatOperator(c);
                default -> literal(String.valueOf(c));
            }
        }
    }

    private void literal(String s) {
        out.append(s);
        pos++;
        afterRepeat = false;
    }

    private void repeatOperator(char c) {
        if (afterRepeat) {
            // `*?`, `+?`, `??`, `{n}?` are lazy forms in both; anything else RE2 calls nested repetition.
            if (c == '?' && !previousWasLazy()) {
                out.append('?');
                pos++;
                return;
            }
            throw error("invalid nested repetition operator", src.substring(Math.max(0, pos - 1), pos + 1),
                    c == '+' ? "possessive quantifiers are not RE2" : null);
        }
        out.append(c);
        pos++;
        afterRepeat = true;
    }

    private boolean previousWasLazy() {
        return out.length() >= 2 && out.charAt(out.length() - 1) == '?'
                && "*+?}".indexOf(out.charAt(out.length() - 2)) >= 0
                && !(out.length() >= 3 && out.charAt(out.length() - 3) == '\\');
    }

    private void brace() {
        int close = src.indexOf('}', pos);
        if (close > 0) {
            String inner = src.substring(pos + 1, close);
            if (inner.matches("\\d+(,\\d*)?")) {
                for (String n : inner.split(",")) {
                    if (!n.isEmpty() && (n.length() > 4 || Integer.parseInt(n) > MAX_REPEAT)) {
                        throw error("invalid repeat count", src.substring(pos, close + 1), null);
                    }
                }
                if (afterRepeat) {
                    throw error("invalid nested repetition operator", src.substring(pos, close + 1), null);
                }
                out.append(src, pos, close + 1);
                pos = close + 1;
                afterRepeat = true;
                return;
            }
        }
        literal("\\{");
    }

    private void group() {
        afterRepeat = false;
        multilineAtOpen.push(multiline);
        if (src.startsWith("(?P<", pos) || (src.startsWith("(?<", pos) && !src.startsWith("(?<=", pos)
                && !src.startsWith("(?<!", pos))) {
            namedGroup();
            return;
        }
        if (src.startsWith("(?", pos)) {
            char next = pos + 2 < src.length() ? src.charAt(pos + 2) : 0;
            if (next == '=' || next == '!' || next == '<' || next == '>' || next == 'P') {
                throw error("invalid or unsupported Perl syntax", src.substring(pos, Math.min(src.length(), pos + 3)),
                        next == '>' ? "atomic groups are not RE2" : next == 'P' ? null : "lookaround is not RE2");
            }
            flags();
            return;
        }
        names.add(null);
        out.append('(');
        pos++;
    }

    private void namedGroup() {
        int nameStart = src.indexOf('<', pos) + 1;
        int nameEnd = src.indexOf('>', nameStart);
        if (nameEnd < 0) {
            throw error("invalid named capture", src.substring(pos), null);
        }
        String name = src.substring(nameStart, nameEnd);
        // Go's isValidCaptureName: ASCII letters, digits and '_'.
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw error("invalid named capture", src.substring(pos, nameEnd + 1), null);
        }
        if (names.contains(name)) {
            throw error("duplicate capture group name", name, null);
        }
        names.add(name);
        out.append('(');
        pos = nameEnd + 1;
    }

    /** {@code (?flags)} or {@code (?flags:}; copied as is, noting m (for {@code $}) and refusing U. */
    private void flags() {
        int j = pos + 2;
        boolean negated = false;
        while (j < src.length() && (Character.isLetter(src.charAt(j)) || src.charAt(j) == '-')) {
            char f = src.charAt(j);
            if (f == '-') {
                negated = true;
            } else if (f == 'm') {
                multiline = !negated;
            } else if (f == 'U') {
                throw error("invalid or unsupported Perl syntax", src.substring(pos, j + 1),
                        "the ungreedy flag (?U) is not supported");
            }
            j++;
        }
        boolean scoped = j < src.length() && src.charAt(j) == ':';
        if (!scoped && j < src.length() && src.charAt(j) == ')') {
            // (?flags) changes the rest of the enclosing group: it opens no group of its own.
            multilineAtOpen.pop();
            out.append(src, pos, j + 1);
            pos = j + 1;
            return;
        }
        out.append(src, pos, j);
        pos = j;
    }

    private void closeGroup() {
        if (!multilineAtOpen.isEmpty()) {
            multiline = multilineAtOpen.pop();
        }
        literal(")");
    }

    /** Copies an escape; inside a class, the caller has already handled what differs there. */
    private void escape(boolean inClass) {
        if (pos + 1 >= src.length()) {
            throw error("trailing backslash at end of expression", "", null);
        }
        char n = src.charAt(pos + 1);
        if (n >= '1' && n <= '9') {
            throw error("invalid escape sequence", src.substring(pos, pos + 2), "RE2 has no backreferences");
        }
        if (n == 'Q') {
            int end = src.indexOf("\\E", pos + 2);
            int stop = end < 0 ? src.length() : end + 2;
            out.append("\\Q").append(src, pos + 2, end < 0 ? src.length() : end).append("\\E");
            pos = stop;
            afterRepeat = false;
            return;
        }
        if ((n == 'p' || n == 'P') && src.startsWith("{", pos + 2) && src.indexOf('}', pos + 2) > 0) {
            int close = src.indexOf('}', pos + 2);
            String name = src.substring(pos + 3, close);
            boolean negated = name.startsWith("^");
            name = negated ? name.substring(1) : name;
            // RE2 spells scripts bare (\p{Greek}); Java needs \p{IsGreek}. One- and two-letter names are categories.
            String javaName = name.length() > 2 && !name.startsWith("Is") && !name.startsWith("In") ? "Is" + name : name;
            out.append('\\').append(negated == (n == 'p') ? 'P' : 'p').append('{').append(javaName).append('}');
            pos = close + 1;
            if (!inClass) {
                afterRepeat = false;
            }
            return;
        }
        out.append('\\').append(n);
        pos += 2;
        if (!inClass) {
            afterRepeat = false;
        }
    }

    private void charClass() {
        afterRepeat = false;
        out.append('[');
        pos++;
        if (pos < src.length() && src.charAt(pos) == '^') {
            out.append('^');
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == ']') {
            out.append("\\]");
            pos++;
        }
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ']') {
                out.append(']');
                pos++;
                return;
            }
            if (c == '\\') {
                escape(true);
            } else if (c == '[' && src.startsWith("[:", pos)) {
                int end = src.indexOf(":]", pos + 2);
                if (end < 0) {
                    out.append("\\[");
                    pos++;
                    continue;
                }
                out.append(posixClass(src.substring(pos + 2, end)));
                pos = end + 2;
            } else if (c == '[' || c == '&') {
                out.append('\\').append(c);
                pos++;
            } else {
                out.append(c);
                pos++;
            }
        }
        throw error("missing closing ]", src.substring(src.lastIndexOf('[')), null);
    }

    private String posixClass(String name) {
        boolean negated = name.startsWith("^");
        String bare = negated ? name.substring(1) : name;
        String java = switch (bare) {
            case "alnum" -> "Alnum";
            case "alpha" -> "Alpha";
            case "ascii" -> "ASCII";
            case "blank" -> "Blank";
            case "cntrl" -> "Cntrl";
            case "digit" -> "Digit";
            case "graph" -> "Graph";
            case "lower" -> "Lower";
            case "print" -> "Print";
            case "punct" -> "Punct";
            case "space" -> "Space";
            case "upper" -> "Upper";
            case "xdigit" -> "XDigit";
            case "word" -> null;
            default -> throw error("invalid character class range", "[:" + name + ":]", null);
        };
        if (java == null) {
            return negated ? "\\W" : "\\w";
        }
        return (negated ? "\\P{" : "\\p{") + java + "}";
    }

    private Re2SyntaxException error(String problem, String fragment, String hint) {
        return new Re2SyntaxException(problem, fragment, hint, null);
    }
}
