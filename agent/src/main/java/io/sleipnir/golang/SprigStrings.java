package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateHelpers.bytes;
import static io.sleipnir.golang.TemplateHelpers.utf8;
import static io.sleipnir.golang.TemplateValues.integer;
import static io.sleipnir.golang.TemplateValues.str;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * sprig's string functions (strings.go, with goutils' Abbreviate, Wrap, SwapCase and Initials): the piped string
 * comes last, lengths and offsets count bytes as Go's do.
 */
final class SprigStrings {
    private SprigStrings() {
    }

    static void register(Map<String, Func> f) {
        registerCase(f);
        registerCutting(f);
        registerTests(f);
        registerWords(f);
    }

    private static void registerCase(Map<String, Func> f) {
        put(f, "hello", 0, 0, a -> "Hello!");
        put(f, "lower", 1, 1, a -> str(a, 0, "lower").toLowerCase(Locale.ROOT));
        put(f, "upper", 1, 1, a -> str(a, 0, "upper").toUpperCase(Locale.ROOT));
        put(f, "title", 1, 1, a -> GoStrings.title(str(a, 0, "title")));
        put(f, "untitle", 1, 1, a -> {
            StringBuilder b = new StringBuilder();
            boolean start = true;
            for (int c : str(a, 0, "untitle").codePoints().toArray()) {
                b.appendCodePoint(start ? Character.toLowerCase(c) : c);
                start = GoStrings.isSpace(c);
            }
            return b.toString();
        });
        put(f, "swapcase", 1, 1, a -> {
            StringBuilder b = new StringBuilder();
            for (int c : str(a, 0, "swapcase").codePoints().toArray()) {
                b.appendCodePoint(Character.isUpperCase(c) || Character.isTitleCase(c) ? Character.toLowerCase(c)
                        : Character.isLowerCase(c) ? Character.toUpperCase(c) : c);
            }
            return b.toString();
        });
        put(f, "camelcase", 1, 1, a -> XstringsCase.camelCase(str(a, 0, "camelcase")));
        put(f, "snakecase", 1, 1, a -> XstringsCase.snakeCase(str(a, 0, "snakecase")));
        put(f, "kebabcase", 1, 1, a -> XstringsCase.kebabCase(str(a, 0, "kebabcase")));
    }

    private static void registerCutting(Map<String, Func> f) {
        put(f, "trim", 1, 1, a -> GoStrings.trimSpace(str(a, 0, "trim")));
        put(f, "trimall", 2, 2, a -> GoStrings.trim(str(a, 1, "trimall"), str(a, 0, "trimall"), true, true));
        put(f, "trimAll", 2, 2, a -> GoStrings.trim(str(a, 1, "trimAll"), str(a, 0, "trimAll"), true, true));
        put(f, "trimSuffix", 2, 2, a -> {
            String s = str(a, 1, "trimSuffix");
            String x = str(a, 0, "trimSuffix");
            return s.endsWith(x) ? s.substring(0, s.length() - x.length()) : s;
        });
        put(f, "trimPrefix", 2, 2, a -> {
            String s = str(a, 1, "trimPrefix");
            String x = str(a, 0, "trimPrefix");
            return s.startsWith(x) ? s.substring(x.length()) : s;
        });
        put(f, "abbrev", 2, 2, a -> {
            long width = integer(a, 0, "abbrev");
            String s = str(a, 1, "abbrev");
            return width < 4 ? s : abbreviate(utf8(s), 0, (int) width);
        });
        put(f, "abbrevboth", 3, 3, a -> {
            long left = integer(a, 0, "abbrevboth");
            long right = integer(a, 1, "abbrevboth");
            String s = str(a, 2, "abbrevboth");
            return right < 4 || (left > 0 && right < 7) ? s : abbreviate(utf8(s), (int) left, (int) right);
        });
        put(f, "trunc", 2, 2, a -> {
            long c = integer(a, 0, "trunc");
            String s = str(a, 1, "trunc");
            byte[] b = utf8(s);
            if (c >= 0 && b.length > c) {
                return bytes(b, 0, (int) c);
            }
            if (c < 0 && b.length > -c) {
                return bytes(b, (int) (b.length + c), b.length);
            }
            return s;
        });
        put(f, "substr", 3, 3, a -> {
            byte[] b = utf8(str(a, 2, "substr"));
            long from = Math.max(0, integer(a, 0, "substr"));
            long end = integer(a, 1, "substr");
            long to = end < 0 || end > b.length ? b.length : end;
            return from > to ? "" : bytes(b, (int) from, (int) to);
        });
        put(f, "nospace", 1, 1, a -> {
            StringBuilder b = new StringBuilder();
            str(a, 0, "nospace").codePoints().filter(c -> !GoStrings.isSpace(c)).forEach(b::appendCodePoint);
            return b.toString();
        });
    }

    private static void registerTests(Map<String, Func> f) {
        put(f, "contains", 2, 2, a -> str(a, 1, "contains").contains(str(a, 0, "contains")));
        put(f, "hasPrefix", 2, 2, a -> str(a, 1, "hasPrefix").startsWith(str(a, 0, "hasPrefix")));
        put(f, "hasSuffix", 2, 2, a -> str(a, 1, "hasSuffix").endsWith(str(a, 0, "hasSuffix")));
        put(f, "replace", 3, 3, a -> GoStrings.replace(str(a, 2, "replace"), str(a, 0, "replace"),
                str(a, 1, "replace"), -1));
        put(f, "plural", 3, 3, a -> integer(a, 2, "plural") == 1 ? str(a, 0, "plural") : str(a, 1, "plural"));
    }

    private static void registerWords(Map<String, Func> f) {
        put(f, "repeat", 2, 2, a -> {
            long n = integer(a, 0, "repeat");
            if (n < 0) {
                throw new ExecutionException("error calling repeat: strings: negative Repeat count");
            }
            return str(a, 1, "repeat").repeat((int) n);
        });
        put(f, "initials", 1, 1, a -> {
            StringBuilder b = new StringBuilder();
            boolean start = true;
            for (int c : str(a, 0, "initials").codePoints().toArray()) {
                if (GoStrings.isSpace(c)) {
                    start = true;
                } else if (start) {
                    b.appendCodePoint(c);
                    start = false;
                }
            }
            return b.toString();
        });
        put(f, "wrap", 2, 2, a -> wrap(str(a, 1, "wrap"), integer(a, 0, "wrap"), "\n", false));
        put(f, "wrapWith", 3, 3, a -> wrap(str(a, 2, "wrapWith"), integer(a, 0, "wrapWith"),
                str(a, 1, "wrapWith"), true));
        put(f, "shuffle", 1, 1, a -> {
            List<Integer> cps = new ArrayList<>();
            str(a, 0, "shuffle").codePoints().forEach(cps::add);
            Collections.shuffle(cps, java.util.concurrent.ThreadLocalRandom.current());
            StringBuilder b = new StringBuilder();
            cps.forEach(b::appendCodePoint);
            return b.toString();
        });
    }

    /** goutils' AbbreviateFull on bytes: "..." where text was cut, {@code maxWidth} bytes at most. */
    static String abbreviate(byte[] s, int offset, int maxWidth) {
        if (s.length <= maxWidth) {
            return bytes(s, 0, s.length);
        }
        int at = Math.min(offset, s.length);
        if (s.length - at < maxWidth - 3) {
            at = s.length - (maxWidth - 3);
        }
        if (at <= 4) {
            return bytes(s, 0, maxWidth - 3) + "...";
        }
        if (at + maxWidth - 3 < s.length) {
            return "..." + abbreviate(java.util.Arrays.copyOfRange(s, at, s.length), 0, maxWidth - 3);
        }
        return "..." + bytes(s, s.length - (maxWidth - 3), s.length);
    }

    /** goutils' WrapCustom on bytes: lines of at most {@code width} bytes, broken at spaces. */
    static String wrap(String text, long width, String newLine, boolean wrapLongWords) {
        byte[] s = utf8(text);
        int w = (int) Math.max(1, Math.min(width, Integer.MAX_VALUE / 2));
        StringBuilder out = new StringBuilder();
        int offset = 0;
        while (s.length - offset > w) {
            if (s[offset] == ' ') {
                offset++;
                continue;
            }
            int space = lastSpace(s, offset, Math.min(s.length, offset + w + 1));
            if (space >= offset) {
                out.append(bytes(s, offset, space)).append(newLine);
                offset = space + 1;
            } else if (wrapLongWords) {
                out.append(bytes(s, offset, offset + w)).append(newLine);
                offset += w;
            } else {
                int next = firstSpace(s, offset + w);
                if (next < 0) {
                    out.append(bytes(s, offset, s.length));
                    offset = s.length;
                } else {
                    out.append(bytes(s, offset, next)).append(newLine);
                    offset = next + 1;
                }
            }
        }
        return out.append(bytes(s, offset, s.length)).toString();
    }

    private static int lastSpace(byte[] s, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (s[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static int firstSpace(byte[] s, int from) {
        for (int i = from; i < s.length; i++) {
            if (s[i] == ' ') {
                return i;
            }
        }
        return -1;
    }
}
