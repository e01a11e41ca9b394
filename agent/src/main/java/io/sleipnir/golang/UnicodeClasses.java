package io.sleipnir.golang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Rewrites the Unicode classes of an RE2 expression ({@code \pL}, {@code \p{Greek}}, {@code \P{Lu}},
 * {@code \p{^So}}) into explicit code point ranges taken from the JDK's Unicode data, before RE2/J compiles it.
 *
 * <p>Why: RE2/J's category and script tables are those of Unicode 6.0 (its case folding is newer), so for it
 * {@code \p{So}} misses U+1F600 and every later emoji, and {@code \p{L}} misses letters added since 2010. Go 1.20,
 * which Promtail 2.8 is built with, has Unicode 13.0, and so has Java 17's {@link Character}. Go's classes are the
 * general categories (one letter such as {@code L}, or two such as {@code Lu}) and the scripts (Go's spelling,
 * {@code Old_Italic}); any other name is left as it is, for RE2/J to judge.
 *
 * <p>Only {@code \p} and {@code \P} are touched; the scan knows just enough RE2 syntax to find them: escapes,
 * {@code \Q...\E}, character classes and their {@code [:name:]} parts.
 */
final class UnicodeClasses {
    private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;
    private static final Map<String, IntPredicate> CLASSES = classes();
    /** Ranges per class name, computed on first use (a scan of every code point, once per name). */
    private static final Map<String, int[]> RANGES = new ConcurrentHashMap<>();

    private final String src;
    private final StringBuilder out;
    private int pos;

    private UnicodeClasses(String src) {
        this.src = src;
        this.out = new StringBuilder(src.length() + 64);
    }

    /** {@code re2} with every Unicode class Go knows spelled out as ranges; the same text if it has none. */
    static String expand(String re2) {
        if (re2.indexOf("\\p") < 0 && re2.indexOf("\\P") < 0) {
            return re2;
        }
        UnicodeClasses u = new UnicodeClasses(re2);
        u.run();
        return u.out.toString();
    }

    private void run() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\') {
                escape(false);
            } else if (c == '[') {
                charClass();
            } else {
                out.append(c);
                pos++;
            }
        }
    }

    private void escape(boolean inClass) {
        if (pos + 1 >= src.length()) {
            out.append(src, pos, src.length());
            pos = src.length();
            return;
        }
        char n = src.charAt(pos + 1);
        if (n == 'Q' && !inClass) {
            int end = src.indexOf("\\E", pos + 2);
            int stop = end < 0 ? src.length() : end + 2;
            out.append(src, pos, stop);
            pos = stop;
            return;
        }
        if (n == 'p' || n == 'P') {
            unicodeClass(n == 'P', inClass);
            return;
        }
        out.append(src, pos, pos + 2);
        pos += 2;
    }

    /** {@code \pX}, {@code \p{Name}} or {@code \p{^Name}} at pos. */
    private void unicodeClass(boolean negated, boolean inClass) {
        int nameStart = pos + 2;
        int next;
        String name;
        if (nameStart < src.length() && src.charAt(nameStart) == '{') {
            int close = src.indexOf('}', nameStart);
            if (close < 0) {
                copyEscape();
                return;
            }
            name = src.substring(nameStart + 1, close);
            next = close + 1;
        } else if (nameStart < src.length()) {
            name = src.substring(nameStart, nameStart + Character.charCount(src.codePointAt(nameStart)));
            next = nameStart + name.length();
        } else {
            copyEscape();
            return;
        }
        if (name.startsWith("^")) {
            negated = !negated;
            name = name.substring(1);
        }
        int[] ranges = ranges(name);
        if (ranges == null) {
            copyEscape();
            return;
        }
        if (negated) {
            ranges = complement(ranges);
        }
        if (!inClass) {
            out.append('[');
        }
        for (int i = 0; i < ranges.length; i += 2) {
            appendCodePoint(ranges[i]);
            if (ranges[i + 1] != ranges[i]) {
                out.append('-');
                appendCodePoint(ranges[i + 1]);
            }
        }
        if (ranges.length == 0) {
            // An empty class: nothing matches; RE2 accepts [^\x00-\x{10FFFF}] for it.
            out.append(inClass ? "" : "^\\x00-\\x{10FFFF}");
        }
        if (!inClass) {
            out.append(']');
        }
        pos = next;
    }

    /** Leaves the escape at pos as written (two chars; what follows is copied by the scan). */
    private void copyEscape() {
        out.append(src, pos, pos + 2);
        pos += 2;
    }

    private void appendCodePoint(int cp) {
        out.append("\\x{").append(Integer.toHexString(cp)).append('}');
    }

    private void charClass() {
        out.append('[');
        pos++;
        if (pos < src.length() && src.charAt(pos) == '^') {
            out.append('^');
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == ']') {
            out.append(']');
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
            } else if (src.startsWith("[:", pos) && src.indexOf(":]", pos + 2) > 0) {
                int end = src.indexOf(":]", pos + 2) + 2;
                out.append(src, pos, end);
                pos = end;
            } else {
                out.append(c);
                pos++;
            }
        }
    }

    private static int[] ranges(String name) {
        IntPredicate member = CLASSES.get(name);
        if (member == null) {
            return null;
        }
        return RANGES.computeIfAbsent(name, n -> scan(member));
    }

    private static int[] scan(IntPredicate member) {
        List<Integer> bounds = new ArrayList<>();
        int start = -1;
        for (int cp = 0; cp <= MAX_CODE_POINT + 1; cp++) {
            boolean in = cp <= MAX_CODE_POINT && member.test(cp);
            if (in && start < 0) {
                start = cp;
            } else if (!in && start >= 0) {
                bounds.add(start);
                bounds.add(cp - 1);
                start = -1;
            }
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] complement(int[] ranges) {
        List<Integer> bounds = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                bounds.add(next);
                bounds.add(ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX_CODE_POINT) {
            bounds.add(next);
            bounds.add(MAX_CODE_POINT);
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Go's {@code unicode.Categories} and {@code unicode.Scripts}, by Go's names. */
    private static Map<String, IntPredicate> classes() {
        Map<String, IntPredicate> m = new HashMap<>();
        Map<String, int[]> categories = Map.ofEntries(
                Map.entry("Cc", new int[] {Character.CONTROL}),
                Map.entry("Cf", new int[] {Character.FORMAT}),
                Map.entry("Co", new int[] {Character.PRIVATE_USE}),
                Map.entry("Cs", new int[] {Character.SURROGATE}),
                Map.entry("Ll", new int[] {Character.LOWERCASE_LETTER}),
                Map.entry("Lm", new int[] {Character.MODIFIER_LETTER}),
                Map.entry("Lo", new int[] {Character.OTHER_LETTER}),
                Map.entry("Lt", new int[] {Character.TITLECASE_LETTER}),
                Map.entry("Lu", new int[] {Character.UPPERCASE_LETTER}),
                Map.entry("Mc", new int[] {Character.COMBINING_SPACING_MARK}),
                Map.entry("Me", new int[] {Character.ENCLOSING_MARK}),
                Map.entry("Mn", new int[] {Character.NON_SPACING_MARK}),
                Map.entry("Nd", new int[] {Character.DECIMAL_DIGIT_NUMBER}),
                Map.entry("Nl", new int[] {Character.LETTER_NUMBER}),
                Map.entry("No", new int[] {Character.OTHER_NUMBER}),
                Map.entry("Pc", new int[] {Character.CONNECTOR_PUNCTUATION}),
                Map.entry("Pd", new int[] {Character.DASH_PUNCTUATION}),
                Map.entry("Pe", new int[] {Character.END_PUNCTUATION}),
                Map.entry("Pf", new int[] {Character.FINAL_QUOTE_PUNCTUATION}),
                Map.entry("Pi", new int[] {Character.INITIAL_QUOTE_PUNCTUATION}),
                Map.entry("Po", new int[] {Character.OTHER_PUNCTUATION}),
                Map.entry("Ps", new int[] {Character.START_PUNCTUATION}),
                Map.entry("Sc", new int[] {Character.CURRENCY_SYMBOL}),
                Map.entry("Sk", new int[] {Character.MODIFIER_SYMBOL}),
                Map.entry("Sm", new int[] {Character.MATH_SYMBOL}),
                Map.entry("So", new int[] {Character.OTHER_SYMBOL}),
                Map.entry("Zl", new int[] {Character.LINE_SEPARATOR}),
                Map.entry("Zp", new int[] {Character.PARAGRAPH_SEPARATOR}),
                Map.entry("Zs", new int[] {Character.SPACE_SEPARATOR}));
        Map<Character, List<Integer>> majors = new HashMap<>();
        categories.forEach((name, types) -> {
            int type = types[0];
            m.put(name, cp -> Character.getType(cp) == type);
            majors.computeIfAbsent(name.charAt(0), k -> new ArrayList<>()).add(type);
        });
        // One-letter names are the union of their two-letter categories; Go's C has no Cn (unassigned).
        majors.forEach((major, types) -> {
            long mask = 0;
            for (int t : types) {
                mask |= 1L << t;
            }
            long bits = mask;
            m.put(String.valueOf(major), cp -> (bits & (1L << Character.getType(cp))) != 0);
        });
        for (Character.UnicodeScript script : Character.UnicodeScript.values()) {
            if (script != Character.UnicodeScript.UNKNOWN) {
                m.put(goScriptName(script), cp -> Character.UnicodeScript.of(cp) == script);
            }
        }
        return Map.copyOf(m);
    }

    /** OLD_ITALIC as Go spells it, Old_Italic; SignWriting is Go's one irregular name. */
    private static String goScriptName(Character.UnicodeScript script) {
        if (script == Character.UnicodeScript.SIGNWRITING) {
            return "SignWriting";
        }
        StringBuilder b = new StringBuilder();
        for (String word : script.name().split("_")) {
            if (b.length() > 0) {
                b.append('_');
            }
            b.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }
}
