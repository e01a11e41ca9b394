package io.sleipnir.golang;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Durations as Promtail writes them: Go's {@code time.ParseDuration} syntax, an optional sign and a sequence of
 * decimal numbers, each with an optional fraction and a unit ({@code ns}, {@code us}, {@code µs}, {@code ms},
 * {@code s}, {@code m}, {@code h}), e.g. {@code 300ms}, {@code 1.5h}, {@code 2h45m}; plus {@code d} and {@code w}
 * as Prometheus' {@code model.Duration} accepts. A bare {@code 0} is zero; any other number without a unit is an
 * error. As in Go, the value must fit in a signed 64-bit count of nanoseconds (about 292 years) and digits below a
 * nanosecond are truncated. {@link #parse} accepts negative values (Go does); callers that forbid them check.
 */
public final class GoDuration {
    static final String HINT = "(use Go syntax such as 500ms, 10s, 1m30s)";

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_NANOS = BigInteger.valueOf(Long.MIN_VALUE);

    private GoDuration() {
    }

    /** Parses Go duration syntax; throws {@link IllegalArgumentException} with a one-line message that quotes the input. */
    public static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": a number needs a unit, e.g. \""
                    + text + "s\" " + HINT);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            boolean hasIntegerDigits = i > start;
            boolean hasFractionDigits = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                hasFractionDigits = i > fractionStart;
            }
            if (!hasIntegerDigits && !hasFractionDigits) {
                throw invalid(text);
            }
            BigDecimal number = new BigDecimal(fixNumber(s.substring(start, i)));
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw invalid(text);
            }
            long unitNanos = unitNanos(s.substring(unitStart, i));
            if (unitNanos == 0) {
                throw invalid(text);
            }
            nanos = nanos.add(number.multiply(BigDecimal.valueOf(unitNanos)));
        }
        BigInteger whole = nanos.toBigInteger();
        if (negative) {
            whole = whole.negate();
        }
        if (whole.compareTo(MAX_NANOS) > 0 || whole.compareTo(MIN_NANOS) < 0) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": out of range (at most about 292 years)");
        }
        return Duration.ofNanos(whole.longValueExact());
    }

    /**
     * Formats as Go's {@code time.Duration.String()} does, so that {@link #parse} reads it back: {@code 0s},
     * {@code 500ms}, {@code 1.5µs}, {@code 1m30s}, {@code 1h0m0s}. Throws {@link ArithmeticException} beyond
     * about 292 years (Go cannot represent those either).
     */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        // Work on the magnitude as unsigned so Long.MIN_VALUE is handled as in Go.
        BigInteger magnitude = BigInteger.valueOf(nanos).abs();
        StringBuilder out = new StringBuilder();
        if (negative) {
            out.append('-');
        }
        BigInteger second = BigInteger.valueOf(1_000_000_000L);
        if (magnitude.compareTo(second) < 0) {
            long n = magnitude.longValue();
            if (n < 1_000L) {
                return out.append(n).append("ns").toString();
            } else if (n < 1_000_000L) {
                return out.append(fraction(n, 3)).append("µs").toString();
            }
            return out.append(fraction(n, 6)).append("ms").toString();
        }
        BigInteger[] secondsAndNanos = magnitude.divideAndRemainder(second);
        long totalSeconds = secondsAndNanos[0].longValue();
        long hours = totalSeconds / 3600;
        long minutes = (totalSeconds % 3600) / 60;
        long seconds = totalSeconds % 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        long subSecond = secondsAndNanos[1].longValue();
        out.append(fraction(seconds * 1_000_000_000L + subSecond, 9)).append('s');
        return out.toString();
    }

    /** {@code value / 10^digits} in decimal, trailing zeros (and a bare point) removed, as Go prints fractions. */
    private static String fraction(long value, int digits) {
        long scale = 1;
        for (int d = 0; d < digits; d++) {
            scale *= 10;
        }
        long whole = value / scale;
        long rest = value % scale;
        if (rest == 0) {
            return Long.toString(whole);
        }
        String restText = String.format("%0" + digits + "d", rest).replaceAll("0+$", "");
        return whole + "." + restText;
    }

    private static String fixNumber(String number) {
        // BigDecimal rejects "5." and ".5" forms only for the former; Go accepts both.
        if (number.endsWith(".")) {
            return number + "0";
        }
        return number.startsWith(".") ? "0" + number : number;
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L; // micro sign U+00B5 and Greek mu U+03BC, as Go accepts both
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            case "w" -> 604_800_000_000_000L;
            default -> 0L;
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\" " + HINT);
    }
}
