package io.sleipnir.golang;

import java.util.ArrayList;
import java.util.List;

/** text/template's lexing, on the text of one action: tokens, quoted strings and their Go escapes. */
final class TemplateLexer {
    private TemplateLexer() {
    }

    /** A problem with its byte offset in the template, for the parser to report. */
    static final class LexException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LexException(String message) {
            super(message);
        }
    }

    /** The index of the {@code }}} that closes the action whose body starts at {@code from}, skipping strings. */
    static int findClose(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (c == '`') {
                int end = text.indexOf('`', i + 1);
                i = end < 0 ? text.length() : end + 1;
            } else if (text.startsWith("}}", i)) {
                return i;
            } else {
                i++;
            }
        }
        throw new LexException("unclosed action");
    }

    /** Marks a field chain written right after {@code )}, as in {@code (index . "a").b}: Go's chain node. */
    static final String CHAINED = "\u0000";

    static List<String> tokenize(String body) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '|' || c == ',') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && body.charAt(j) != '"') {
                    j += body.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= n) {
                    throw new LexException("unterminated quoted string");
                }
                out.add(body.substring(i, j + 1));
                i = j + 1;
            } else if (c == '`') {
                int j = body.indexOf('`', i + 1);
                if (j < 0) {
                    throw new LexException("unterminated raw quoted string");
                }
                out.add(body.substring(i, j + 1));
                i = j + 1;
            } else if (c == '\'') {
                throw new LexException("character constants are not supported");
            } else if (c == ':' && i + 1 < n && body.charAt(i + 1) == '=') {
                out.add(":=");
                i += 2;
            } else {
                int j = i;
                while (j < n && !Character.isWhitespace(body.charAt(j)) && "()|,\"`".indexOf(body.charAt(j)) < 0
                        && !(body.startsWith(":=", j) && j > i)) {
                    j++;
                }
                String token = body.substring(i, j);
                out.add(token.startsWith(".") && i > 0 && body.charAt(i - 1) == ')' ? CHAINED + token : token);
                i = j;
            }
        }
        return out;
    }

    static boolean isIdentifier(String t) {
        if (t.isEmpty() || !(Character.isLetter(t.charAt(0)) || t.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < t.length(); i++) {
            if (!Character.isLetterOrDigit(t.charAt(i)) && t.charAt(i) != '_') {
                return false;
            }
        }
        return true;
    }

    /** A Go interpreted string literal's value. */
    static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = quoted.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000B');
                case '\\', '"' -> out.append(e);
                case 'x' -> {
                    out.append((char) Integer.parseInt(quoted.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    out.append((char) Integer.parseInt(quoted.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'U' -> {
                    out.appendCodePoint(Integer.parseInt(quoted.substring(i + 1, i + 9), 16));
                    i += 8;
                }
                default -> throw new LexException("invalid escape \\" + e + " in string " + quoted);
            }
        }
        return out.toString();
    }

    static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static String stripTrailing(String s) {
        int i = s.length();
        while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }
}
