package io.sleipnir.tail;

import java.util.ArrayList;
import java.util.List;

/**
 * Promtail 2.8's glob matching: github.com/bmatcuk/doublestar v1.3 {@code Match} (Loki moved to v4 only in 3.4.0),
 * followed rule for rule, quirks included, because which files are read must not change when Promtail is replaced.
 * The pattern is matched one path segment at a time; what is left of the pattern after a segment is carried to the
 * next one. Among its rules: only {@code [^...]} negates a class ({@code [!a]} is the class of '!' and 'a'); a
 * {@code {}} alternative may hold a '/', and when one alternative matches a whole name while another still needs
 * more path, only the latter survives; {@code **} spans directories only as a whole segment outside {@code {}};
 * a leading '.' is not special.
 */
final class DoublestarV1 {
    /** doublestar's ErrBadPattern, found only when matching reaches the malformed part, as there. */
    static final class BadPattern extends RuntimeException {
        BadPattern() {
            super("bad pattern", null, false, false);
        }
    }

    private DoublestarV1() {
    }

    /** Whether {@code name} matches {@code pattern}; throws BadPattern where doublestar returns ErrBadPattern. */
    static boolean match(String pattern, String name) {
        return doMatching(pattern, splitOnSlash(name), 0);
    }

    /** splitPathOnSeparator: a '/' after '\' does not split; a trailing '/' leaves an empty last segment. */
    static List<String> splitOnSlash(String path) {
        List<String> out = new ArrayList<>();
        if (path.indexOf('/') < 0) {
            out.add(path);
            return out;
        }
        boolean emptyEnd = false;
        for (int start = 0; start < path.length(); ) {
            int end = indexWithEscaping(path, start, '/');
            if (end == -1) {
                emptyEnd = false;
                end = path.length();
            } else {
                emptyEnd = true;
            }
            out.add(path.substring(start, end));
            start = end + 1;
        }
        if (emptyEnd) {
            out.add("");
        }
        return out;
    }

    /** indexRuneWithEscaping: the first {@code c} at or after {@code from} whose previous char is not '\'. */
    private static int indexWithEscaping(String s, int from, char c) {
        int at = s.indexOf(c, from);
        while (at > from && s.charAt(at - 1) == '\\') {
            from = at + 1;
            at = s.indexOf(c, from);
        }
        return at;
    }

    private static boolean doMatching(String pattern, List<String> names, int first) {
        int nameLen = names.size() - first;
        if (pattern.isEmpty()) {
            if (nameLen == 0 || nameLen == 1 && names.get(first).isEmpty()) {
                return true;
            }
        }
        int slash = indexWithEscaping(pattern, 0, '/');
        boolean lastSegment = slash == -1;
        if (lastSegment) {
            slash = pattern.length();
        }
        if (pattern.substring(0, slash).equals("**")) {
            if (lastSegment) {
                return true;
            }
            String rest = pattern.substring(slash + 1);
            for (int i = 0; i < nameLen; i++) {
                try {
                    if (doMatching(rest, names, first + i)) {
                        return true;
                    }
                } catch (BadPattern ignored) {
                    // doublestar drops the error here ("m, _ := doMatching(...)") and tries the next depth
                }
            }
            return false;
        }
        List<String> rests = matchSegment(pattern, names.get(first));
        if (rests == null) {
            return false;
        }
        if (rests.isEmpty() && nameLen == 1) {
            return true;
        }
        if (nameLen > 1) {
            for (String rest : rests) {
                if (doMatching(rest, names, first + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * matchComponent: null when {@code name} (one segment) does not match; otherwise the patterns left for the next
     * segments, empty when the pattern is used up.
     */
    private static List<String> matchSegment(String pattern, String name) {
        int patLen = pattern.length();
        int nameLen = name.length();
        int p = 0;
        int n = 0;
        while (p < patLen && n < nameLen) {
            int pc = pattern.codePointAt(p);
            int nc = name.codePointAt(n);
            int nAdj = Character.charCount(nc);
            if (pc == '/') {
                return null; // the segment ends in the pattern before it does in the name
            } else if (pc == '\\') {
                p++;
                if (p >= patLen) {
                    throw new BadPattern();
                }
                pc = pattern.codePointAt(p);
                if (pc != nc) {
                    return null;
                }
                p += Character.charCount(pc);
                n += nAdj;
            } else if (pc == '*') {
                return matchStar(pattern, p + 1, name, n);
            } else if (pc == '[') {
                p++;
                int end = indexWithEscaping(pattern, p, ']');
                if (end == -1) {
                    throw new BadPattern();
                }
                if (!classMatches(pattern.substring(p, end).codePoints().toArray(), nc)) {
                    return null;
                }
                p = end + 1;
                n += nAdj;
            } else if (pc == '{') {
                return matchAlternatives(pattern, p, name.substring(n));
            } else if (pc == '?' || pc == nc) {
                p += Character.charCount(pc);
                n += nAdj;
            } else {
                return null;
            }
        }
        if (n < nameLen) {
            return null;
        }
        if (p >= patLen) {
            return new ArrayList<>();
        }
        String rest = pattern.substring(p);
        int slash = indexWithEscaping(rest, 0, '/');
        if (isZeroLength(slash >= 0 ? rest.substring(0, slash) : rest)) {
            return slash == -1 ? new ArrayList<>() : new ArrayList<>(List.of(rest.substring(slash + 1)));
        }
        return null;
    }

    /** A '*' just before {@code pattern[p]}: the shortest tail of {@code name} from {@code n} that the rest matches. */
    private static List<String> matchStar(String pattern, int p, String name, int n) {
        if (p >= pattern.length()) {
            return new ArrayList<>();
        }
        if (pattern.charAt(p) == '/') {
            return new ArrayList<>(List.of(pattern.substring(p + 1)));
        }
        String rest = pattern.substring(p);
        for (; n < name.length(); n += Character.charCount(name.codePointAt(n))) {
            List<String> m = matchSegment(rest, name.substring(n));
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** Alternatives at {@code pattern[p]}, a '{': what each option followed by the rest leaves, merged. */
    private static List<String> matchAlternatives(String pattern, int p, String restOfName) {
        Alternatives alts = splitAlternatives(pattern, p + 1);
        if (alts == null) {
            throw new BadPattern();
        }
        String after = pattern.substring(alts.end);
        List<String> merged = null;
        for (String option : alts.options) {
            List<String> m = matchSegment(option + after, restOfName);
            if (m != null) {
                if (merged == null) {
                    merged = new ArrayList<>();
                }
                merged.addAll(m);
            }
        }
        return merged;
    }

    private static boolean classMatches(int[] cls, int c) {
        if (cls.length == 0) {
            throw new BadPattern();
        }
        boolean negate = cls[0] == '^';
        boolean matched = false;
        int i = negate ? 1 : 0;
        while (i < cls.length) {
            int low = cls[i++];
            if (low == '-') {
                throw new BadPattern();
            }
            if (low == '\\') {
                if (i >= cls.length) {
                    throw new BadPattern();
                }
                low = cls[i++];
            }
            int high = low;
            if (i < cls.length && cls[i] == '-') {
                if (++i >= cls.length) {
                    throw new BadPattern();
                }
                high = cls[i++];
                if (high == '-') {
                    throw new BadPattern();
                }
                if (high == '\\') {
                    if (i >= cls.length) {
                        throw new BadPattern();
                    }
                    high = cls[i++];
                }
            }
            if (low <= c && c <= high) {
                matched = true;
            }
        }
        return matched != negate;
    }

    private record Alternatives(List<String> options, int end) {
    }

    /** splitAlternatives: the options of the {@code {}} opened just before {@code from}, nesting and '\' respected. */
    private static Alternatives splitAlternatives(String s, int from) {
        List<String> options = new ArrayList<>(2);
        int depth = 1;
        boolean escaped = false;
        int start = from;
        int i = from;
        while (depth > 0) {
            if (i >= s.length()) {
                return null;
            }
            char c = s.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 1) {
                options.add(s.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        options.add(s.substring(start, i - 1));
        return new Alternatives(options, i);
    }

    /** isZeroLengthPattern: whether the rest of a segment can match nothing at all. */
    private static boolean isZeroLength(String pattern) {
        if (pattern.isEmpty() || pattern.equals("*") || pattern.equals("**")) {
            return true;
        }
        if (pattern.charAt(0) == '{') {
            Alternatives alts = splitAlternatives(pattern, 1);
            if (alts == null) {
                throw new BadPattern();
            }
            if (!isZeroLength(pattern.substring(alts.end))) {
                return false;
            }
            for (String option : alts.options) {
                if (isZeroLength(option)) {
                    return true;
                }
            }
        }
        return false;
    }
}
