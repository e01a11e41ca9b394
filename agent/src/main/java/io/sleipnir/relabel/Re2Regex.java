package io.sleipnir.relabel;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a Prometheus (RE2) regex into a fully anchored {@link Pattern}, rewriting the RE2 syntax that Java reads
 * differently, so that a regex copied from a Promtail config means the same thing here:
 * <ul>
 *   <li>{@code (?P<name>..)} and {@code (?<name>..)} become plain groups; the names (RE2 allows {@code _}, Java does
 *       not) are kept in {@link #groupIndexByName()} for replacement templates.</li>
 *   <li>POSIX classes {@code [[:alpha:]]} become {@code \p{Alpha}} (Java would read a set of the letters).</li>
 *   <li>A {@code {} that is not a repetition is a literal, as in RE2 (Java throws).</li>
 *   <li>Inside a class, {@code [} and {@code &} are literals, as in RE2 (Java reads nesting and {@code &&}).</li>
 *   <li>{@code $} without the {@code m} flag means end of text ({@code \z}); {@code .} excludes only {@code \n}.</li>
 *   <li>Java-only constructs RE2 rejects (backreferences, lookaround, atomic groups, possessive quantifiers,
 *       repeat counts above 1000) are rejected, so a config Promtail refuses is refused here too.</li>
 * </ul>
 * Script names ({@code \p{Greek}}) get Java's {@code Is} prefix. Not translated: RE2's {@code (?U)} (ungreedy; Java
 * reads UNICODE_CHARACTER_CLASS), {@code \C}, and Java's {@code \s} also matching {@code \v}.
 */
record Re2Regex(Pattern pattern, Map<String, Integer> groupIndexByName) {
    private static final int MAX_REPEAT = 1000;

    Re2Regex {
        groupIndexByName = Map.copyOf(groupIndexByName);
    }

    /** {@code ^(?:<re2>)$} as Prometheus' {@code NewRegexp} builds it. */
    static Re2Regex compileAnchored(String re2) {
        Translator t = new Translator(re2);
        String body = t.translate();
        try {
            Pattern p = Pattern.compile("^(?:" + body + ")\\z", Pattern.UNIX_LINES);
            return new Re2Regex(p, t.names);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "error parsing regexp: " + e.getDescription() + ": `" + re2 + "`", e);
        }
    }

    private static final class Translator {
        private final String src;
        private final StringBuilder out = new StringBuilder();
        private final Map<String, Integer> names = new HashMap<>();
        private final boolean multiline;
        private int pos;
        private int groups;
        /** Whether the last thing emitted was a repetition operator, to spot RE2's "nested repetition". */
        private boolean afterRepeat;

        Translator(String src) {
            this.src = src;
            this.multiline = Pattern.compile("\\(\\?[a-zA-Z]*m").matcher(src).find();
        }

        String translate() {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                switch (c) {
                    case '\\' -> escape(false);
                    case '[' -> charClass();
                    case '(' -> group();
                    case '{' -> brace();
                    case '}' -> literal("\\}");
                    case '$' -> literal(multiline ? "$" : "\\z");
                    case '*', '+', '?' -> repeatOperator(c);
                    default -> literal(String.valueOf(c));
                }
            }
            return out.toString();
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
                throw error("invalid nested repetition operator", src.substring(Math.max(0, pos - 1), pos + 1));
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
                            throw error("invalid repeat count", src.substring(pos, close + 1));
                        }
                    }
                    if (afterRepeat) {
                        throw error("invalid nested repetition operator", src.substring(pos, close + 1));
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
            if (src.startsWith("(?P<", pos) || (src.startsWith("(?<", pos) && !src.startsWith("(?<=", pos)
                    && !src.startsWith("(?<!", pos))) {
                int nameStart = src.indexOf('<', pos) + 1;
                int nameEnd = src.indexOf('>', nameStart);
                if (nameEnd < 0) {
                    throw error("invalid named capture", src.substring(pos));
                }
                String name = src.substring(nameStart, nameEnd);
                if (name.isEmpty() || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                    throw error("invalid named capture", src.substring(pos, nameEnd + 1));
                }
                groups++;
                if (names.putIfAbsent(name, groups) != null) {
                    throw error("duplicate capture group name", name);
                }
                out.append('(');
                pos = nameEnd + 1;
                return;
            }
            if (src.startsWith("(?", pos)) {
                char next = pos + 2 < src.length() ? src.charAt(pos + 2) : 0;
                if (next == '=' || next == '!' || next == '<' || next == '>' || next == 'P') {
                    throw error("invalid or unsupported Perl syntax", src.substring(pos, Math.min(src.length(), pos + 3)));
                }
                out.append("(?");
                pos += 2;
                return;
            }
            groups++;
            out.append('(');
            pos++;
        }

        /** Copies an escape; inside a class, the caller has already handled what differs there. */
        private void escape(boolean inClass) {
            if (pos + 1 >= src.length()) {
                throw error("trailing backslash at end of expression", "");
            }
            char n = src.charAt(pos + 1);
            if (n >= '1' && n <= '9') {
                throw error("invalid escape sequence", src.substring(pos, pos + 2));
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
            throw error("missing closing ]", src.substring(src.lastIndexOf('[')));
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
                default -> throw error("invalid character class range", "[:" + name + ":]");
            };
            if (java == null) {
                return negated ? "\\W" : "\\w";
            }
            return (negated ? "\\P{" : "\\p{") + java + "}";
        }

        private IllegalArgumentException error(String what, String fragment) {
            return new IllegalArgumentException("error parsing regexp: " + what + ": `" + fragment + "`");
        }
    }
}
