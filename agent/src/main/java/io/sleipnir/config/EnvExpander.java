package io.sleipnir.config;

import java.util.Map;

/**
 * {@code -config.expand-env}: replaces environment references in the raw config text before YAML parsing, as
 * Promtail does with drone/envsubst v1.0.3 ({@code envsubst.EvalEnv} in Loki's {@code pkg/util/cfg/files.go}; the
 * rules below follow that library's {@code parse/scan.go} and {@code parse/parse.go}), for the forms configs use:
 * <ul>
 *   <li>{@code ${VAR}} (name {@code [A-Za-z_][A-Za-z0-9_]*}): the value, or "" when unset (no error);</li>
 *   <li>{@code ${VAR:-default}}: the default when VAR is unset <em>or empty</em>; the default is text up to the
 *       closing {@code }}, and may itself hold {@code ${OTHER}} references;</li>
 *   <li>{@code $VAR} without braces is <em>not</em> a reference: it stays as written, as does a lone {@code $};</li>
 *   <li>{@code $$} is a literal {@code $} (so {@code $${VAR}} is the text {@code ${VAR}});</li>
 *   <li>backslash: {@code \\} becomes {@code \} and {@code \/} becomes {@code /} (Promtail's docs: "every
 *       backslash needs to be doubled" under expand-env); any other backslash is kept, so {@code \${VAR}} is a
 *       backslash followed by VAR's value.</li>
 * </ul>
 * Other envsubst operators ({@code ${VAR-x}}, {@code ${VAR=x}}, {@code ${VAR^}}, {@code ${#VAR}}, ...) and an
 * unclosed {@code ${} are errors, so that a config never silently means something else here than in Promtail.
 * Expansion preserves line breaks of the text around references, so later YAML errors still point at the right
 * line (unless a value itself contains a newline); columns after an expanded reference on the same line shift by
 * the length difference, because locations are those of the expanded text. Time is linear in the text's length.
 */
public final class EnvExpander {
    private final String text;
    private final String sourceName;
    private final Map<String, String> env;
    private int line = 1;
    private int lineStart;
    private int nesting;

    private EnvExpander(String text, String sourceName, Map<String, String> env) {
        this.text = text;
        this.sourceName = sourceName;
        this.env = env;
    }

    /** Expands {@code text}; errors carry {@code sourceName} and the 1-based line and column of the {@code $}. */
    public static String expand(String text, String sourceName, Map<String, String> env) throws ConfigException {
        return new EnvExpander(text, sourceName, env).expandAll();
    }

    private String expandAll() throws ConfigException {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                out.append(c);
                i++;
            } else if (c == '\\' && (next == '\\' || next == '/')) {
                out.append(next);
                i += 2;
            } else if (c == '$' && next == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && next == '{') {
                i = reference(i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Expands the reference whose {@code $} is at {@code dollar} into {@code out}; returns the index after it. */
    private int reference(int dollar, StringBuilder out) throws ConfigException {
        int nameEnd = dollar + 2;
        while (nameEnd < text.length()
                && (nameEnd == dollar + 2 ? isNameStart(text.charAt(nameEnd)) : isNamePart(text.charAt(nameEnd)))) {
            nameEnd++;
        }
        String name = text.substring(dollar + 2, nameEnd);
        if (nameEnd < text.length() && text.charAt(nameEnd) == '}' && !name.isEmpty()) {
            String value = env.get(name);
            out.append(value == null ? "" : value);
            return nameEnd + 1;
        }
        if (!name.isEmpty() && text.startsWith(":-", nameEnd)) {
            if (++nesting > 10) {
                throw new ConfigException(sourceName, line, dollar - lineStart + 1, "",
                        "environment variable references nested more than 10 deep in defaults");
            }
            StringBuilder fallback = new StringBuilder();
            int end = defaultValue(nameEnd + 2, dollar, fallback);
            nesting--;
            String value = env.get(name);
            out.append(value == null || value.isEmpty() ? fallback : value);
            return end;
        }
        int close = text.indexOf('}', nameEnd);
        int newline = text.indexOf('\n', nameEnd);
        if (close < 0 || (newline >= 0 && newline < close)) {
            throw unclosed(dollar);
        }
        throw new ConfigException(sourceName, line, dollar - lineStart + 1, "", "unsupported environment variable"
                + " reference \"" + abbreviate(text.substring(dollar, close + 1)) + "\" (use ${VAR} or"
                + " ${VAR:-default})");
    }

    /** A default's text up to its closing brace, with nested references expanded; returns the index after it. */
    private int defaultValue(int from, int dollar, StringBuilder out) throws ConfigException {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                i = reference(i, out);
            } else {
                if (c == '\n') {
                    // A default may span lines, as in envsubst; keep counting them for later errors.
                    line++;
                    lineStart = i + 1;
                }
                out.append(c);
                i++;
            }
        }
        throw unclosed(dollar);
    }

    private ConfigException unclosed(int dollar) {
        return new ConfigException(sourceName, line, dollar - lineStart + 1, "",
                "unclosed \"${\" in environment variable reference");
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
