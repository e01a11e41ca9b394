package io.sleipnir.golang;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code strconv.FormatFloat(f, fmt, -1, 64)}: the shortest decimal that parses back to the same float64,
 * written as {@code 'f'} (no exponent), {@code 'e'} or {@code 'g'}. Java 17's {@code Double.toString} is not always
 * the shortest ({@code 4.9E-324} where Go writes {@code 5e-324}), so the digits are shortened here until one fewer
 * would no longer round-trip, and the closest decimal of that length is kept, as Go's algorithm does.
 */
public final class GoFloat {
    private GoFloat() {
    }

    /** {@code strconv.FormatFloat(f, 'f', -1, 64)}: {@code 0.000005}, {@code 1000000}, {@code -0}, {@code +Inf}. */
    public static String formatF(double f) {
        String special = special(f);
        if (special != null) {
            return special;
        }
        if (f == 0) {
            return 1 / f < 0 ? "-0" : "0";
        }
        if (f == Math.rint(f) && Math.abs(f) < 1e15) {
            return Long.toString((long) f); // exact, and the common case of JSON integers
        }
        Digits d = shortest(f);
        StringBuilder out = new StringBuilder(d.digits.length() + 8);
        if (f < 0) {
            out.append('-');
        }
        appendF(d, out);
        return out.toString();
    }

    /** {@code strconv.FormatFloat(f, 'e', -1, 64)}: {@code 5e-324}, {@code 1.5e+21}, {@code 0e+00}. */
    public static String formatE(double f) {
        String special = special(f);
        if (special != null) {
            return special;
        }
        StringBuilder out = new StringBuilder(24);
        if (f < 0 || (f == 0 && 1 / f < 0)) {
            out.append('-');
        }
        if (f == 0) {
            return out.append("0e+00").toString();
        }
        appendE(shortest(f), out);
        return out.toString();
    }

    /**
     * {@code strconv.FormatFloat(f, 'g', -1, 64)}, which is also {@code fmt}'s {@code %v} of a float64 and how
     * Prometheus' Go client writes sample values: the exponent form when the decimal exponent is below -4 or at
     * least 6 ({@code 1e+06}, {@code 123456}, {@code 1e-05}, {@code 0.0001}).
     */
    public static String formatG(double f) {
        String special = special(f);
        if (special != null) {
            return special;
        }
        if (f == 0) {
            return 1 / f < 0 ? "-0" : "0";
        }
        Digits d = shortest(f);
        StringBuilder out = new StringBuilder(24);
        if (f < 0) {
            out.append('-');
        }
        int exp = d.point - 1;
        if (exp < -4 || exp >= 6) {
            appendE(d, out);
        } else {
            appendF(d, out);
        }
        return out.toString();
    }

    private static String special(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        return null;
    }

    /** The shortest round-tripping digits of |f| (no leading or trailing zeros); value = 0.digits × 10^point. */
    record Digits(String digits, int point) {
    }

    static Digits shortest(double f) {
        double abs = Math.abs(f);
        BigDecimal best = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
        BigDecimal exact = new BigDecimal(abs);
        int precision = best.precision();
        // A closest decimal of p digits that round-trips implies one of p+1 digits does, so shorten until it fails.
        while (precision > 1) {
            BigDecimal shorter = exact.round(new MathContext(precision - 1, RoundingMode.HALF_EVEN));
            if (shorter.doubleValue() != abs) {
                break;
            }
            best = shorter.stripTrailingZeros();
            precision = best.precision();
        }
        // Of the decimals of that length that round-trip, Go keeps the one closest to the exact value.
        BigDecimal closest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        if (closest.precision() <= precision && closest.doubleValue() == abs) {
            best = closest;
        }
        String digits = best.unscaledValue().toString();
        return new Digits(digits, digits.length() - best.scale());
    }

    private static void appendF(Digits d, StringBuilder out) {
        String digits = d.digits;
        int point = d.point;
        if (point <= 0) {
            out.append("0.");
            out.append("0".repeat(-point));
            out.append(digits);
        } else if (point >= digits.length()) {
            out.append(digits);
            out.append("0".repeat(point - digits.length()));
        } else {
            out.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
    }

    private static void appendE(Digits d, StringBuilder out) {
        out.append(d.digits.charAt(0));
        if (d.digits.length() > 1) {
            out.append('.').append(d.digits, 1, d.digits.length());
        }
        int exp = d.point - 1;
        out.append('e').append(exp < 0 ? '-' : '+');
        int abs = Math.abs(exp);
        if (abs < 10) {
            out.append('0');
        }
        out.append(abs);
    }
}
