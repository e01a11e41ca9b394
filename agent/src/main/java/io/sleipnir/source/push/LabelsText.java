package io.sleipnir.source.push;

import io.sleipnir.model.Labels;
import java.util.TreeMap;

/**
 * Parses a stream selector as Loki and Promtail read a pushed stream's labels ({@code {a="b", c="d"}}, values Go
 * string literals with their escapes). A malformed one is a {@link PushRejected} 400 naming the problem.
 */
final class LabelsText {
    private final String text;
    private int pos;

    private LabelsText(String text) {
        this.text = text;
    }

    static Labels parse(String text) throws PushRejected {
        return new LabelsText(text).parse();
    }

    private Labels parse() throws PushRejected {
        TreeMap<String, String> labels = new TreeMap<>();
        space();
        expect('{');
        space();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                space();
                String name = name();
                space();
                expect('=');
                space();
                String value = quoted();
                if (labels.put(name, value) != null) {
                    throw fail("duplicate label name \"" + name + "\"");
                }
                space();
                char c = peek();
                pos++;
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw fail("expected , or } at character " + (pos - 1));
                }
            }
        }
        space();
        if (pos != text.length()) {
            throw fail("unexpected text after } at character " + pos);
        }
        return Labels.of(labels);
    }

    private String name() throws PushRejected {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (pos > start && c >= '0' && c <= '9');
            if (!ok) {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw fail("expected a label name at character " + start);
        }
        return text.substring(start, pos);
    }

    private String quoted() throws PushRejected {
        char quote = peek();
        if (quote != '"' && quote != '\'' && quote != '`') {
            throw fail("expected a quoted value at character " + pos);
        }
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw fail("unterminated value");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c != '\\' || quote == '`') {
                b.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw fail("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'v' -> b.append('\u000b');
                case '\\', '"', '\'' -> b.append(e);
                case 'x' -> b.append((char) hex(2));
                case 'u' -> b.appendCodePoint(hex(4));
                case 'U' -> b.appendCodePoint(hex(8));
                default -> throw fail("unknown escape \\" + e);
            }
        }
    }

    private int hex(int digits) throws PushRejected {
        if (pos + digits > text.length()) {
            throw fail("short escape");
        }
        try {
            int v = Integer.parseUnsignedInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            if (!Character.isValidCodePoint(v)) {
                throw fail("invalid escape");
            }
            return v;
        } catch (NumberFormatException e) {
            throw fail("invalid escape");
        }
    }

    private void space() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() throws PushRejected {
        if (pos >= text.length()) {
            throw fail("unexpected end");
        }
        return text.charAt(pos);
    }

    private void expect(char c) throws PushRejected {
        if (peek() != c) {
            throw fail("expected " + c + " at character " + pos);
        }
        pos++;
    }

    private PushRejected fail(String problem) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return PushRejected.badRequest("invalid stream labels " + shown + ": " + problem);
    }
}
