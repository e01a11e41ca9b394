package io.sleipnir.pipeline;

/** Cuts strings to a UTF-8 byte budget without splitting a character (or a surrogate pair). */
final class Utf8Prefix {
    private Utf8Prefix() {
    }

    /** The longest prefix of {@code s} whose UTF-8 encoding has at most {@code maxBytes} bytes. */
    static String prefix(String s, long maxBytes) {
        long bytes = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int size;
            int chars = 1;
            if (c < 0x80) {
                size = 1;
            } else if (c < 0x800) {
                size = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                size = 4;
                chars = 2;
            } else {
                size = 3;
            }
            if (bytes + size > maxBytes) {
                return s.substring(0, i);
            }
            bytes += size;
            i += chars - 1;
        }
        return s;
    }
}
