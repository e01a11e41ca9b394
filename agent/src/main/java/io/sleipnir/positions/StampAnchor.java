package io.sleipnir.positions;

/**
 * A read-time anchor of one file: a line starting at or after {@code offset} (and before the next anchor's) that no
 * stage stamps gets {@code baseNanos + (lineStart - offset)}. Kept in the positions file, so a line read again
 * after a crash gets the timestamp it was first sent with.
 */
public record StampAnchor(long offset, long baseNanos) {
    public StampAnchor {
        if (offset < 0) {
            throw new IllegalArgumentException("anchor offset must be non-negative, got " + offset);
        }
    }

    /** The positions file's text: {@code offset@base}. */
    String format() {
        return offset + "@" + baseNanos;
    }

    /** Parses {@link #format()}; throws IllegalArgumentException with the reason. */
    static StampAnchor parse(String text) {
        int at = text.indexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("expected offset@nanoseconds, got \"" + text + "\"");
        }
        try {
            return new StampAnchor(Long.parseLong(text.substring(0, at)), Long.parseLong(text.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected offset@nanoseconds, got \"" + text + "\"");
        }
    }
}
