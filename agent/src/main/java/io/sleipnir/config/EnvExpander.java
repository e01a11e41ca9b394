package io.sleipnir.config;

import java.util.Map;

/**
 * {@code -config.expand-env}: replaces environment references in the raw config text before YAML parsing, the
 * subset of drone/envsubst (Promtail's library) that configs use:
 * <ul>
 *   <li>{@code ${VAR}} and {@code $VAR} (name {@code [A-Za-z_][A-Za-z0-9_]*}): the value, or "" when unset
 *       (as envsubst does, no error);</li>
 *   <li>{@code ${VAR:-default}}: the default when VAR is unset <em>or empty</em>; the default is literal text up
 *       to the first {@code }} (no nested references);</li>
 *   <li>{@code $$} is a literal {@code $};</li>
 *   <li>backslash: {@code \\} becomes {@code \} and {@code \$} a literal {@code $}, as with envsubst (Promtail's
 *       docs: "every backslash needs to be doubled" under expand-env); any other backslash is kept as is;</li>
 *   <li>a {@code $} not followed by a name or {@code {} is kept as is.</li>
 * </ul>
 * Other envsubst operators ({@code ${VAR-x}}, {@code ${VAR=x}}, {@code ${VAR^}}, {@code ${#VAR}}, ...) and an
 * unclosed {@code ${} are errors, so that a config never silently means something else here than in Promtail.
 * Expansion preserves line breaks of the text around references, so later YAML errors still point at the right
 * line (unless a value itself contains a newline); columns after an expanded reference on the same line shift by
 * the length difference, because locations are those of the expanded text.
 */
public final class EnvExpander {
    private EnvExpander() {
    }

    /** Expands {@code text}; errors carry {@code sourceName} and the 1-based line and column of the {@code $}. */
    public static String expand(String text, String sourceName, Map<String, String> env) throws ConfigException {
        StringBuilder out = new StringBuilder(text.length());
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                out.append(c);
                i++;
            } else if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '\\' || text.charAt(i + 1) == '$')) {
                out.append(text.charAt(i + 1));
                i += 2;
            } else if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
            } else if (text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                int newline = text.indexOf('\n', i + 2);
                if (close < 0 || (newline >= 0 && newline < close)) {
                    throw new ConfigException(sourceName, line, i - lineStart + 1, "",
                            "unclosed \"${\" in environment variable reference");
                }
                out.append(resolveBraced(text.substring(i + 2, close), env, sourceName, line, i - lineStart + 1));
                i = close + 1;
            } else if (isNameStart(text.charAt(i + 1))) {
                int end = i + 2;
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
                String value = env.get(text.substring(i + 1, end));
                out.append(value == null ? "" : value);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String resolveBraced(String body, Map<String, String> env, String sourceName, int line, int column)
            throws ConfigException {
        int nameEnd = 0;
        while (nameEnd < body.length() && (nameEnd == 0 ? isNameStart(body.charAt(0)) : isNamePart(body.charAt(nameEnd)))) {
            nameEnd++;
        }
        String name = body.substring(0, nameEnd);
        String rest = body.substring(nameEnd);
        if (name.isEmpty() || !(rest.isEmpty() || rest.startsWith(":-"))) {
            throw new ConfigException(sourceName, line, column, "", "unsupported environment variable reference \"${"
                    + body + "}\" (use ${VAR} or ${VAR:-default})");
        }
        String value = env.get(name);
        if (rest.isEmpty()) {
            return value == null ? "" : value;
        }
        return value == null || value.isEmpty() ? rest.substring(2) : value;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
