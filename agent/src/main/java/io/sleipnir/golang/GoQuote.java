package io.sleipnir.golang;

/**
 * Go's {@code strconv.Quote} ({@code %q}) for the strings we show or store: {@code "}, {@code \}, {@code \n},
 * {@code \r}, {@code \t} escaped by name, other ASCII controls as {@code \xNN}. Used for validation messages that
 * read like Prometheus' own, and for the positions file: every escape Go writes ({@code \n}, {@code \xNN},
 * backslash-u, ...) is also a YAML double-quoted scalar escape with the same meaning, so a quoted string is a
 * valid YAML scalar that reads back as the same text.
 *
 * <p>Not yet like Go: non-printable characters above ASCII (C1 controls, U+2028, U+2029) are written as they are,
 * where Go writes a backslash-u escape; YAML readers may fold or refuse those raw.
 */
public final class GoQuote {
    private GoQuote() {
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
