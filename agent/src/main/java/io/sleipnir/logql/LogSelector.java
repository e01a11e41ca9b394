package io.sleipnir.logql;

import io.sleipnir.golang.GoRegex;
import io.sleipnir.model.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * A LogQL stream selector with optional line filters, as the {@code match} stage takes it:
 * {@code {app="mysql", name!~"backup.+"} |= "error" !~ "timeout|retry"}. Parsed and compiled once.
 *
 * <p>Semantics are LogQL's: label regexes ({@code =~}, {@code !~}) must match the whole value, a missing label has
 * the value "" (so {@code x=~""} and {@code x!="a"} match entries without {@code x}); line filters are substring
 * tests ({@code |=}, {@code !=}) and unanchored regex searches ({@code |~}, {@code !~}), all of which must hold.
 * Strings are Go strings: double-quoted with escapes, or back-quoted raw.
 */
public final class LogSelector {

    /** A label matcher's operator. */
    public enum MatchType {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        MatchType(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** A line filter's operator. */
    public enum FilterType {
        CONTAINS("|="), NOT_CONTAINS("!="), REGEX("|~"), NOT_REGEX("!~");

        private final String symbol;

        FilterType(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** {@code name op "value"}; {@code regex} is set for the regex operators. */
    public record LabelMatcher(String name, MatchType type, String value, GoRegex regex) {
        public boolean matches(String labelValue) {
            String v = labelValue == null ? "" : labelValue;
            return switch (type) {
                case EQUAL -> v.equals(value);
                case NOT_EQUAL -> !v.equals(value);
                case REGEX -> regex.find(v);
                case NOT_REGEX -> !regex.find(v);
            };
        }
    }

    /** {@code op "value"} applied to the line. */
    public record LineFilter(FilterType type, String value, GoRegex regex) {
        public boolean matches(String line) {
            return switch (type) {
                case CONTAINS -> line.contains(value);
                case NOT_CONTAINS -> !line.contains(value);
                case REGEX -> regex.find(line);
                case NOT_REGEX -> !regex.find(line);
            };
        }
    }

    private final String source;
    private final List<LabelMatcher> matchers;
    private final List<LineFilter> filters;

    private LogSelector(String source, List<LabelMatcher> matchers, List<LineFilter> filters) {
        this.source = source;
        this.matchers = List.copyOf(matchers);
        this.filters = List.copyOf(filters);
    }

    public String source() {
        return source;
    }

    public List<LabelMatcher> matchers() {
        return matchers;
    }

    public List<LineFilter> filters() {
        return filters;
    }

    /** Whether an entry with these labels and this line is selected. */
    public boolean matches(Labels labels, String line) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels.get(m.name()))) {
                return false;
            }
        }
        for (LineFilter f : filters) {
            if (!f.matches(line)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogSelector other && other.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }

    /** Parses a selector; the exception message says what is wrong and at which character (1-based). */
    public static LogSelector parse(String text) {
        return new Parser(text).selector();
    }

    private static final class Parser {
        private final String s;
        private int p;

        Parser(String s) {
            this.s = s;
        }

        LogSelector selector() {
            spaces();
            expect('{', "a selector starts with '{'");
            List<LabelMatcher> matchers = new ArrayList<>();
            spaces();
            if (peek() == '}') {
                throw error("a selector needs at least one label matcher");
            }
            while (true) {
                spaces();
                matchers.add(matcher());
                spaces();
                if (peek() == ',') {
                    p++;
                    continue;
                }
                expect('}', "expected ',' or '}'");
                break;
            }
            List<LineFilter> filters = new ArrayList<>();
            while (true) {
                spaces();
                if (p >= s.length()) {
                    break;
                }
                int at = p;
                FilterType type;
                if (s.startsWith("|=", p)) {
                    type = FilterType.CONTAINS;
                } else if (s.startsWith("!=", p)) {
                    type = FilterType.NOT_CONTAINS;
                } else if (s.startsWith("|~", p)) {
                    type = FilterType.REGEX;
                } else if (s.startsWith("!~", p)) {
                    type = FilterType.NOT_REGEX;
                } else if (peek() == '|') {
                    throw error("only line filters (|=, !=, |~, !~) may follow the selector in a match stage");
                } else {
                    throw error("unexpected text after the selector");
                }
                p += 2;
                spaces();
                String value = string();
                GoRegex regex = null;
                if (type == FilterType.REGEX || type == FilterType.NOT_REGEX) {
                    regex = compile(value, at, false);
                }
                filters.add(new LineFilter(type, value, regex));
            }
            return new LogSelector(s, matchers, filters);
        }

        private LabelMatcher matcher() {
            int start = p;
            while (p < s.length() && isNameChar(s.charAt(p), p == start)) {
                p++;
            }
            if (p == start) {
                throw error("expected a label name");
            }
            String name = s.substring(start, p);
            spaces();
            MatchType type;
            if (s.startsWith("=~", p)) {
                type = MatchType.REGEX;
            } else if (s.startsWith("!~", p)) {
                type = MatchType.NOT_REGEX;
            } else if (s.startsWith("!=", p)) {
                type = MatchType.NOT_EQUAL;
            } else if (peek() == '=') {
                type = MatchType.EQUAL;
            } else {
                throw error("expected =, !=, =~ or !~ after label " + name);
            }
            p += type == MatchType.EQUAL ? 1 : 2;
            spaces();
            int valueAt = p;
            String value = string();
            boolean isRegex = type == MatchType.REGEX || type == MatchType.NOT_REGEX;
            GoRegex regex = isRegex ? compile(value, valueAt, true) : null;
            return new LabelMatcher(name, type, value, regex);
        }

        /** Label matchers are anchored as Prometheus' {@code labels.NewMatcher} anchors them; line filters search. */
        private GoRegex compile(String re, int at, boolean anchored) {
            try {
                return anchored ? GoRegex.compileAnchored(re) : GoRegex.compile(re);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("at character " + (at + 1) + ": invalid regular expression \""
                        + re + "\": " + e.getMessage(), e);
            }
        }

        /** A Go string literal: "..." with escapes or `...` raw. */
        private String string() {
            char q = peek();
            if (q == '`') {
                int end = s.indexOf('`', p + 1);
                if (end < 0) {
                    throw error("unterminated raw string");
                }
                String v = s.substring(p + 1, end);
                p = end + 1;
                return v;
            }
            if (q != '"') {
                throw error("expected a quoted string");
            }
            StringBuilder out = new StringBuilder();
            int i = p + 1;
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i);
                if (c == '"') {
                    p = i + 1;
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    i++;
                    continue;
                }
                if (i + 1 >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(i + 1);
                i += 2;
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000b');
                    case '\\' -> out.append('\\');
                    case '"' -> out.append('"');
                    case '\'' -> out.append('\'');
                    case 'x', 'u', 'U' -> {
                        int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (i + digits > s.length()) {
                            throw error("invalid escape \\" + e);
                        }
                        try {
                            out.appendCodePoint(Integer.parseInt(s.substring(i, i + digits), 16));
                        } catch (IllegalArgumentException ex) {
                            throw error("invalid escape \\" + e);
                        }
                        i += digits;
                    }
                    default -> throw error("invalid escape \\" + e + " (write \\\\" + e
                            + " for a backslash, or use a `raw string`)");
                }
            }
        }

        private static boolean isNameChar(char c, boolean first) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
        }

        private char peek() {
            return p < s.length() ? s.charAt(p) : '\0';
        }

        private void expect(char c, String problem) {
            if (peek() != c) {
                throw error(problem);
            }
            p++;
        }

        private void spaces() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("at character " + (p + 1) + ": " + problem);
        }
    }
}
