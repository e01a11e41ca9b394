package io.sleipnir.golang;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masterminds/semver v3.2.0 (what sprig v3.2.3 in Promtail 2.8 uses): {@code NewVersion} (optional {@code v},
 * missing minor and patch read as 0, pre-release and metadata), {@code Compare} (pre-releases ordered by the
 * semver spec, metadata ignored) and {@code NewConstraint(...).Check} with its operators ({@code = != > < >= <=
 * ~ ~> ^}), wildcards ({@code x X *}), hyphen ranges, {@code ,} or space for AND and {@code ||} for OR. As in that
 * library, a version with a pre-release only satisfies a constraint that has one.
 */
record GoSemver(long major, long minor, long patch, String prerelease, String metadata, String original) {
    private static final String PARTS = "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
    private static final Pattern VERSION = Pattern.compile("^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?" + PARTS + "$");
    private static final String CV = "v?([0-9|x|X*]+)(\\.[0-9|x|X*]+)?(\\.[0-9|x|X*]+)?" + PARTS;
    private static final String OPS = "!=|>=|=>|<=|=<|~>|>|<|=|~|\\^|";
    private static final Pattern CONSTRAINT = Pattern.compile("^\\s*(" + OPS + ")\\s*(" + CV + ")\\s*$");
    private static final Pattern FIND = Pattern.compile("(" + OPS + ")\\s*(" + CV + ")");
    private static final Pattern VALID = Pattern.compile("^(\\s*(" + OPS + ")\\s*(" + CV + ")\\s*)((?:\\s+|,\\s*)("
            + OPS + ")\\s*(" + CV + ")\\s*)*$");
    private static final Pattern RANGE = Pattern.compile("\\s*(" + CV + ")\\s+-\\s+(" + CV + ")\\s*");

    /** semver.NewVersion; the exception's message is the library's error. */
    static GoSemver parse(String text) {
        Matcher m = VERSION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("Invalid Semantic Version");
        }
        String pre = m.group(5) == null ? "" : m.group(5);
        for (String part : pre.isEmpty() ? new String[0] : pre.split("\\.")) {
            if (part.matches("[0-9]+") && part.length() > 1 && part.startsWith("0")) {
                throw new IllegalArgumentException("Version segment starts with 0");
            }
        }
        return new GoSemver(number(m.group(1)), m.group(2) == null ? 0 : number(m.group(2).substring(1)),
                m.group(3) == null ? 0 : number(m.group(3).substring(1)), pre,
                m.group(8) == null ? "" : m.group(8), text);
    }

    private static long number(String digits) {
        try {
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Error parsing version segment: " + e.getMessage());
        }
    }

    /** Version.Compare: -1, 0 or 1. */
    int compare(GoSemver o) {
        int c = Long.compareUnsigned(major, o.major);
        c = c != 0 ? c : Long.compareUnsigned(minor, o.minor);
        c = c != 0 ? c : Long.compareUnsigned(patch, o.patch);
        return c != 0 ? Integer.signum(c) : comparePrerelease(prerelease, o.prerelease);
    }

    private static int comparePrerelease(String v, String o) {
        if (v.equals(o)) {
            return 0;
        }
        if (v.isEmpty() || o.isEmpty()) {
            return v.isEmpty() ? 1 : -1;
        }
        String[] a = v.split("\\.");
        String[] b = o.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int c = comparePart(i < a.length ? a[i] : "", i < b.length ? b[i] : "");
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int comparePart(String s, String o) {
        if (s.equals(o)) {
            return 0;
        }
        if (s.isEmpty() || o.isEmpty()) {
            return s.isEmpty() ? -1 : 1;
        }
        boolean sNumber = s.matches("[0-9]+");
        boolean oNumber = o.matches("[0-9]+");
        if (sNumber && oNumber) {
            return new java.math.BigInteger(s).compareTo(new java.math.BigInteger(o)) > 0 ? 1 : -1;
        }
        if (sNumber != oNumber) {
            return sNumber ? -1 : 1;
        }
        return s.compareTo(o) > 0 ? 1 : -1;
    }

    /** Version.String(): the normalized text. */
    @Override
    public String toString() {
        return Long.toUnsignedString(major) + "." + Long.toUnsignedString(minor) + "." + Long.toUnsignedString(patch)
                + (prerelease.isEmpty() ? "" : "-" + prerelease) + (metadata.isEmpty() ? "" : "+" + metadata);
    }

    /** semver.NewConstraint(constraint).Check(version); the exception's message is the library's error. */
    static boolean satisfies(String constraint, GoSemver v) {
        for (String group : rewriteRanges(constraint).split("\\|\\|", -1)) {
            if (!VALID.matcher(group).matches()) {
                throw new IllegalArgumentException("improper constraint: " + group);
            }
            List<Constraint> all = new ArrayList<>();
            Matcher m = FIND.matcher(group);
            while (m.find()) {
                all.add(Constraint.parse(m.group()));
            }
            if (all.isEmpty()) {
                all.add(Constraint.parse(group));
            }
            if (all.stream().allMatch(c -> c.check(v))) {
                return true;
            }
        }
        return false;
    }

    private static String rewriteRanges(String c) {
        Matcher m = RANGE.matcher(c);
        String out = c;
        while (m.find()) {
            out = out.replace(m.group(), ">= " + m.group(1) + ", <= " + m.group(11) + " ");
        }
        return out;
    }

    /** One operator and version; {@code minorDirty}/{@code patchDirty}: that part was a wildcard or missing. */
    private record Constraint(String op, GoSemver con, boolean dirty, boolean minorDirty, boolean patchDirty) {
        static Constraint parse(String c) {
            Matcher m = CONSTRAINT.matcher(c);
            if (!m.matches()) {
                throw new IllegalArgumentException("improper constraint: " + c);
            }
            String major = m.group(3);
            String minor = m.group(4) == null ? "" : m.group(4);
            String patch = m.group(5) == null ? "" : m.group(5);
            String pre = m.group(6) == null ? "" : m.group(6);
            String text = m.group(2);
            boolean minorDirty = false;
            boolean patchDirty = false;
            boolean dirty = true;
            if (isX(major)) {
                text = "0.0.0" + pre;
            } else if (minor.isEmpty() || isX(minor.substring(1))) {
                minorDirty = true;
                text = major + ".0.0" + pre;
            } else if (patch.isEmpty() || isX(patch.substring(1))) {
                patchDirty = true;
                text = major + minor + ".0" + pre;
            } else {
                dirty = false;
            }
            try {
                return new Constraint(m.group(1), GoSemver.parse(text), dirty, minorDirty, patchDirty);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("constraint Parser Error");
            }
        }

        private static boolean isX(String s) {
            return s.equals("x") || s.equals("X") || s.equals("*");
        }

        boolean check(GoSemver v) {
            boolean plainNotEqual = op.equals("!=") && !dirty; // the one check that does not look at pre-releases
            if (!plainNotEqual && !v.prerelease().isEmpty() && con.prerelease().isEmpty()) {
                return false;
            }
            return switch (op) {
                case "", "=" -> dirty ? tilde(v) : v.compare(con) == 0;
                case "!=" -> notEqual(v);
                case ">" -> greaterThan(v);
                case "<" -> v.compare(con) < 0;
                case ">=", "=>" -> v.compare(con) >= 0;
                case "<=", "=<" -> lessThanOrEqual(v);
                case "~", "~>" -> tilde(v);
                default -> caret(v);
            };
        }

        private boolean notEqual(GoSemver v) {
            if (dirty) {
                if (con.major() != v.major()) {
                    return true;
                }
                if (con.minor() != v.minor() && !minorDirty) {
                    return true;
                }
                if (minorDirty) {
                    return false;
                }
                if (con.patch() != v.patch() && !patchDirty) {
                    return true;
                }
                if (patchDirty) {
                    return !(v.prerelease().isEmpty() && con.prerelease().isEmpty())
                            && comparePrerelease(v.prerelease(), con.prerelease()) != 0;
                }
            }
            return v.compare(con) != 0;
        }

        private boolean greaterThan(GoSemver v) {
            if (!dirty || v.major() != con.major()) {
                return dirty ? Long.compareUnsigned(v.major(), con.major()) > 0 : v.compare(con) == 1;
            }
            if (minorDirty) {
                return false;
            }
            return patchDirty ? Long.compareUnsigned(v.minor(), con.minor()) > 0 : v.compare(con) == 1;
        }

        private boolean lessThanOrEqual(GoSemver v) {
            if (!dirty) {
                return v.compare(con) <= 0;
            }
            if (Long.compareUnsigned(v.major(), con.major()) > 0) {
                return false;
            }
            return !(v.major() == con.major() && Long.compareUnsigned(v.minor(), con.minor()) > 0 && !minorDirty);
        }

        private boolean tilde(GoSemver v) {
            if (v.compare(con) < 0) {
                return false;
            }
            if (con.major() == 0 && con.minor() == 0 && con.patch() == 0 && !minorDirty && !patchDirty) {
                return true;
            }
            return v.major() == con.major() && (v.minor() == con.minor() || minorDirty);
        }

        private boolean caret(GoSemver v) {
            if (v.compare(con) < 0) {
                return false;
            }
            if (con.major() > 0 || minorDirty) {
                return v.major() == con.major();
            }
            if (v.major() > 0) {
                return false;
            }
            if (con.minor() > 0 || patchDirty) {
                return v.minor() == con.minor();
            }
            return v.minor() == 0 && v.patch() == con.patch();
        }
    }
}
