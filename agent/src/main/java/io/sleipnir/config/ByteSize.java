package io.sleipnir.config;

import java.util.Locale;

/**
 * Byte sizes as Promtail's {@code flagext.ByteSize} reads them (github.com/c2h5oh/datasize): a whole number,
 * optionally followed (spaces allowed) by a unit, case-insensitive: {@code b}/{@code byte}, {@code k}/{@code kb}/
 * {@code kilobyte(s)}, {@code m}/{@code mb}/..., {@code g}/{@code gb}, {@code t}/{@code tb}, {@code p}/{@code pb},
 * {@code e}/{@code eb}, all 1024-based (1 KB = 1024 B), as datasize does. We also accept the IEC spellings
 * {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} (same values), which datasize does not. Like datasize, the
 * bit spellings {@code Kb}, {@code Mb}, {@code Gb}, ... (exactly that case) are rejected because they look like
 * bits. No fractions, no sign: a negative size is an error.
 */
public final class ByteSize {
    private ByteSize() {
    }

    /** Parses a size to bytes; throws {@link IllegalArgumentException} with a one-line message that quotes the input. */
    public static long parse(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == 0) {
            if (text.startsWith("-")) {
                throw new IllegalArgumentException("invalid byte size \"" + text + "\": must not be negative");
            }
            throw invalid(text);
        }
        long number;
        try {
            number = Long.parseLong(text.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid byte size \"" + text + "\": too large");
        }
        String unit = text.substring(i).strip();
        if (unit.length() == 2 && unit.charAt(1) == 'b' && "KMGTPE".indexOf(unit.charAt(0)) >= 0) {
            throw new IllegalArgumentException("invalid byte size \"" + text + "\": \"" + unit
                    + "\" means bits; use \"" + unit.toUpperCase(Locale.ROOT) + "\" for bytes");
        }
        long multiplier = switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "b", "byte", "bytes" -> 1L;
            case "k", "kb", "kib", "kilo", "kilobyte", "kilobytes" -> 1L << 10;
            case "m", "mb", "mib", "mega", "megabyte", "megabytes" -> 1L << 20;
            case "g", "gb", "gib", "giga", "gigabyte", "gigabytes" -> 1L << 30;
            case "t", "tb", "tib", "tera", "terabyte", "terabytes" -> 1L << 40;
            case "p", "pb", "pib", "peta", "petabyte", "petabytes" -> 1L << 50;
            case "e", "eb", "eib", "exa", "exabyte", "exabytes" -> 1L << 60;
            default -> throw invalid(text);
        };
        try {
            return Math.multiplyExact(number, multiplier);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("invalid byte size \"" + text + "\": too large");
        }
    }

    /** Formats with the largest 1024-based unit that divides the value exactly: {@code 1MB}, {@code 256KB}, {@code 100B}. */
    public static String format(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        int unit = 0;
        long value = bytes;
        while (value != 0 && value % 1024 == 0 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value + units[unit];
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid byte size \"" + text + "\" (use bytes or a size such as 256KB, 1MB, 2GB)");
    }
}
