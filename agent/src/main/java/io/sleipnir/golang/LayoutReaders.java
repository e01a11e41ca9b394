package io.sleipnir.golang;

import static io.sleipnir.golang.LayoutChunks.isDigit;

/** The small readers of Go's time/format.go that {@link LayoutParse} uses: getnum, lookup, skip, fractions. */
final class LayoutReaders {
    private LayoutReaders() {
    }

    static boolean isPoint(char c) {
        return c == '.' || c == ',';
    }

    /** s[from] is the separator; digits after it up to {@code to}; only the first nine count. */
    static long nanos(CharSequence s, int from, int to) {
        long ns = 0;
        int digits = 0;
        for (int i = from + 1; i < to && digits < 9; i++, digits++) {
            ns = ns * 10 + (s.charAt(i) - '0');
        }
        for (; digits < 9; digits++) {
            ns *= 10;
        }
        return ns;
    }

    /** Go's skip: literal text must match, and a run of spaces in the layout matches a run of spaces. */
    static int skip(CharSequence s, int p, String prefix) {
        int n = s.length();
        int i = 0;
        while (i < prefix.length()) {
            if (prefix.charAt(i) == ' ') {
                if (p < n && s.charAt(p) != ' ') {
                    return -1;
                }
                while (i < prefix.length() && prefix.charAt(i) == ' ') {
                    i++;
                }
                while (p < n && s.charAt(p) == ' ') {
                    p++;
                }
                continue;
            }
            if (p >= n || s.charAt(p) != prefix.charAt(i)) {
                return -1;
            }
            i++;
            p++;
        }
        return p;
    }

    /** Go's getnum: one or two digits ({@code fixed}: exactly two); value | consumed << 16, or -1. */
    static int getnum(CharSequence s, int p, boolean fixed) {
        int n = s.length();
        if (p >= n || !isDigit(s.charAt(p))) {
            return -1;
        }
        if (p + 1 >= n || !isDigit(s.charAt(p + 1))) {
            return fixed ? -1 : (s.charAt(p) - '0') | (1 << 16);
        }
        return ((s.charAt(p) - '0') * 10 + (s.charAt(p + 1) - '0')) | (2 << 16);
    }

    static int getnum3(CharSequence s, int p, boolean fixed) {
        int v = 0;
        int i = 0;
        for (; i < 3 && p + i < s.length() && isDigit(s.charAt(p + i)); i++) {
            v = v * 10 + (s.charAt(p + i) - '0');
        }
        if (i == 0 || (fixed && i != 3)) {
            return -1;
        }
        return v | (i << 16);
    }

    /** Case-insensitive prefix match of one of {@code names}, as Go's lookup; the index or -1. */
    static int lookup(String[] names, CharSequence s, int p) {
        outer:
        for (int k = 0; k < names.length; k++) {
            String name = names[k];
            if (p + name.length() > s.length()) {
                continue;
            }
            for (int i = 0; i < name.length(); i++) {
                char a = s.charAt(p + i);
                char b = name.charAt(i);
                if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                    continue outer;
                }
            }
            return k;
        }
        return -1;
    }

    static int[] fromYearDay(int year, int yday) {
        boolean leap = CivilDate.isLeap(year);
        if (yday < 1 || yday > (leap ? 366 : 365)) {
            return null;
        }
        int m = 1;
        int d = yday;
        while (d > CivilDate.daysInMonth(year, m)) {
            d -= CivilDate.daysInMonth(year, m);
            m++;
        }
        return new int[] {m, d};
    }
}
