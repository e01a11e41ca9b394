package io.sleipnir.tail;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A {@code __path__} or {@code __path_exclude__} glob, matched as Promtail 2.8 matches it: {@link DoublestarV1}
 * (github.com/bmatcuk/doublestar v1.3) decides which paths match. A regex compiled once from the glob, at least as
 * permissive, only decides which directories can hold matches, so that walking and watching skip the others.
 */
public final class GlobMatcher {
    private final String glob;
    private final Pattern pattern;
    private final Path literalPrefixDir;
    private final int maxDepth;

    private GlobMatcher(String glob, Pattern pattern, Path literalPrefixDir, int maxDepth) {
        this.glob = glob;
        this.pattern = pattern;
        this.literalPrefixDir = literalPrefixDir;
        this.maxDepth = maxDepth;
    }

    /** Compiles {@code glob}; throws IllegalArgumentException naming the glob when it is malformed. */
    public static GlobMatcher compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("glob must not be empty");
        }
        StringBuilder re = new StringBuilder(glob.length() * 2);
        translate(glob, 0, glob.length(), re, glob);
        String[] segments = glob.split("/", -1);
        StringBuilder prefix = new StringBuilder();
        int literal = 0;
        // The last segment names files, so the walk root is at most its parent directory.
        for (int i = 0; i < segments.length - 1; i++) {
            if (hasMeta(segments[i])) {
                break;
            }
            literal = i + 1;
        }
        for (int i = 0; i < literal; i++) {
            prefix.append(segments[i]);
            if (i < literal - 1 || literal == 1) {
                prefix.append('/');
            }
        }
        Path root = literal == 0 ? Path.of(".") : Path.of(prefix.length() == 0 ? "/" : prefix.toString());
        boolean doubleStar = glob.contains("**");
        int depth = doubleStar ? Integer.MAX_VALUE : segments.length - literal;
        return new GlobMatcher(glob, Pattern.compile(re.toString()), root, depth);
    }

    private static boolean hasMeta(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static void translate(String g, int from, int to, StringBuilder re, String whole) {
        int i = from;
        while (i < to) {
            char c = g.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < to && g.charAt(i + 1) == '*') {
                        boolean segmentStart = i == from || g.charAt(i - 1) == '/';
                        boolean segmentEnd = i + 2 == to || g.charAt(i + 2) == '/';
                        if (segmentStart && segmentEnd) {
                            if (i + 2 == to) {
                                re.append(".*"); // trailing "**": everything below
                                i += 2;
                            } else {
                                re.append("(?:[^/]*/)*"); // "**/": zero or more directories
                                i += 3;
                            }
                            continue;
                        }
                        re.append("[^/]*"); // "**" inside a segment is just "*"
                        i += 2;
                        continue;
                    }
                    re.append("[^/]*");
                    i++;
                }
                case '?' -> {
                    re.append("[^/]");
                    i++;
                }
                case '[' -> i = translateClass(g, i, to, re, whole);
                case '{' -> i = translateAlternatives(g, i, to, re, whole);
                case '\\' -> {
                    if (i + 1 < to) {
                        re.append(Pattern.quote(String.valueOf(g.charAt(i + 1))));
                        i += 2;
                    } else {
                        re.append("\\\\");
                        i++;
                    }
                }
                default -> {
                    if ("().+|^$".indexOf(c) >= 0) {
                        re.append('\\');
                    }
                    re.append(c);
                    i++;
                }
            }
        }
    }

    /** A character class from {@code g[i]}, a '['; returns the index after it. */
    private static int translateClass(String g, int i, int to, StringBuilder re, String whole) {
        // doublestar v1: the class ends at the first ']' not escaped by '\\', and only '^' negates it
        int end = i + 1;
        while (end < to && (g.charAt(end) != ']' || g.charAt(end - 1) == '\\')) {
            end++;
        }
        if (end >= to) {
            throw new IllegalArgumentException("glob " + whole + ": unclosed [ at position " + i);
        }
        if (end == i + 1 || end == i + 2 && g.charAt(i + 1) == '^') {
            throw new IllegalArgumentException("glob " + whole + ": empty [] at position " + i);
        }
        re.append('[');
        int j = i + 1;
        if (g.charAt(j) == '^') {
            re.append('^');
            j++;
        }
        for (; j < end; j++) {
            char k = g.charAt(j);
            if (k == '\\' && j + 1 < end) {
                k = g.charAt(++j);
            } else if (k == '-') {
                re.append(k);
                continue;
            }
            re.append(String.format("\\x{%x}", (int) k));
        }
        re.append(']');
        return end + 1;
    }

    /** Alternatives from {@code g[i]}, a '{'; returns the index after them. */
    private static int translateAlternatives(String g, int i, int to, StringBuilder re, String whole) {
        int depth = 0;
        int end = -1;
        for (int j = i; j < to; j++) {
            char k = g.charAt(j);
            if (k == '\\') {
                j++;
            } else if (k == '{') {
                depth++;
            } else if (k == '}' && --depth == 0) {
                end = j;
                break;
            }
        }
        if (end < 0) {
            throw new IllegalArgumentException("glob " + whole + ": unclosed { at position " + i);
        }
        re.append("(?:");
        int start = i + 1;
        depth = 0;
        for (int j = start; j <= end; j++) {
            char k = g.charAt(j);
            if (k == '\\') {
                j++;
            } else if (k == '{' || k == '[') {
                depth++;
            } else if ((k == '}' || k == ']') && j < end) {
                depth--;
            } else if ((k == ',' && depth == 0) || j == end) {
                translate(g, start, j, re, whole);
                re.append(j == end ? ")" : "|");
                start = j + 1;
            }
        }
        return end + 1;
    }

    /** Whether {@code path} matches, as doublestar v1.3's Match decides; a malformed part reached matches nothing. */
    public boolean matches(String path) {
        try {
            return DoublestarV1.match(glob, path);
        } catch (DoublestarV1.BadPattern e) {
            return false;
        }
    }

    /**
     * Whether this {@code __path__} or {@code __path_exclude__} picks {@code path}, as Promtail's filetarget.go sync()
     * decides: when a file (not a directory) exists at the glob's very path, that file and nothing else; otherwise
     * the paths that {@link #matches} the glob. Stats the glob's path on each call, as Promtail does on every sync.
     */
    public boolean selects(String path) {
        return namesExistingFile() ? path.equals(glob) : matches(path);
    }

    /** os.Stat(glob) succeeds and is not a directory. */
    public boolean namesExistingFile() {
        Path self = Path.of(glob);
        return java.nio.file.Files.exists(self) && !java.nio.file.Files.isDirectory(self);
    }

    /**
     * Whether a file below {@code dir} could match: the directory's path is a prefix of some match. Such
     * directories are watched, so that a file created at any level (a new pod's directory, then its container's,
     * then {@code 0.log}) is seen at once.
     */
    public boolean mayContainMatches(Path dir) {
        String d = dir.toString();
        java.util.regex.Matcher m = pattern.matcher(d.endsWith("/") ? d : d + "/");
        return m.matches() || m.hitEnd();
    }

    public String glob() {
        return glob;
    }

    /** The deepest directory named literally by the glob: walking starts here, never at {@code /} needlessly. */
    public Path literalPrefixDir() {
        return literalPrefixDir;
    }

    /** How many levels below {@link #literalPrefixDir()} a match can be; unbounded with {@code **}. */
    public int maxDepth() {
        return maxDepth;
    }

    /** True when the glob has no wildcard at all: it names one file. */
    public boolean isLiteral() {
        return !hasMeta(glob);
    }

    @Override
    public String toString() {
        return glob;
    }
}
