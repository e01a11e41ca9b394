package io.sleipnir.golang;

import java.util.ArrayList;
import java.util.List;

/** Go's {@code strings} functions that templates reach, on Java strings (code points where Go walks runes). */
final class GoStrings {
    private GoStrings() {
    }

    /** {@code strings.Replace}. */
    static String replace(String s, String old, String replacement, long n) {
        if (n == 0 || old.equals(replacement)) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int count = 0;
        if (old.isEmpty()) {
            // Matches at the start and after each code point.
            int i = 0;
            while (true) {
                if (n >= 0 && count >= n) {
                    return out.append(s, i, s.length()).toString();
                }
                out.append(replacement);
                count++;
                if (i >= s.length()) {
                    return out.toString();
                }
                int next = s.offsetByCodePoints(i, 1);
                out.append(s, i, next);
                i = next;
            }
        }
        int from = 0;
        int at;
        while ((n < 0 || count < n) && (at = s.indexOf(old, from)) >= 0) {
            out.append(s, from, at).append(replacement);
            from = at + old.length();
            count++;
        }
        return out.append(s, from, s.length()).toString();
    }

    /** {@code strings.Trim/TrimLeft/TrimRight}: removes code points contained in {@code cutset}. */
    static String trim(String s, String cutset, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && cutset.indexOf(s.codePointAt(start)) >= 0) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (right && end > start && cutset.indexOf(s.codePointBefore(end)) >= 0) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** {@code strings.TrimSpace}: Unicode white space ({@code unicode.IsSpace}). */
    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** {@code unicode.IsSpace}. */
    static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || (c > 0xFF && Character.isSpaceChar(c));
    }

    /** {@code strings.SplitN} ({@code n < 0}: all); an empty separator splits after each code point. */
    static List<String> splitN(String s, String sep, long n) {
        List<String> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        if (sep.isEmpty()) {
            int[] cps = s.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                if (n > 0 && out.size() == n - 1) {
                    out.add(new String(cps, i, cps.length - i));
                    return out;
                }
                out.add(new String(Character.toChars(cps[i])));
            }
            return out;
        }
        int from = 0;
        int at;
        while ((n < 0 || out.size() < n - 1) && (at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** {@code strings.Title}: the first letter after each separator (not a letter, digit or {@code _}) upper-cased. */
    static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean prevSeparator = true;
        for (int c : s.codePoints().toArray()) {
            b.appendCodePoint(prevSeparator ? Character.toTitleCase(c) : c);
            if (c < 0x80) {
                prevSeparator = !(Character.isLetterOrDigit(c) || c == '_');
            } else {
                prevSeparator = !Character.isLetterOrDigit(c) && isSpace(c);
            }
        }
        return b.toString();
    }

    /** {@code unicode.IsPrint}-like test used by {@code JSEscapeString}. */
    static boolean isPrint(int c) {
        int type = Character.getType(c);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && (type != Character.SPACE_SEPARATOR || c == ' ');
    }
}
