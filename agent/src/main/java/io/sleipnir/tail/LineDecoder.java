package io.sleipnir.tail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of one line to a String; invalid UTF-8 becomes U+FFFD and is reported. ASCII lines (the common case)
 * skip the decoder. Not thread-safe: one per reader thread.
 */
final class LineDecoder {
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars = CharBuffer.allocate(1024);
    private boolean lastWasInvalid;

    String decode(byte[] bytes, int off, int len) {
        lastWasInvalid = false;
        boolean ascii = true;
        for (int i = off, end = off + len; i < end; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
        }
        if (chars.capacity() < len) {
            chars = CharBuffer.allocate(Math.max(len, 2 * chars.capacity()));
        }
        chars.clear();
        strict.reset();
        CoderResult r = strict.decode(ByteBuffer.wrap(bytes, off, len), chars, true);
        if (!r.isError()) {
            r = strict.flush(chars);
        }
        if (r.isError()) {
            lastWasInvalid = true;
            return new String(bytes, off, len, StandardCharsets.UTF_8); // replaces each bad sequence with U+FFFD
        }
        chars.flip();
        String s = chars.toString();
        if (chars.capacity() > 64 * 1024) {
            chars = CharBuffer.allocate(1024);
        }
        return s;
    }

    /** Whether the last {@link #decode} had to replace invalid bytes. */
    boolean lastWasInvalid() {
        return lastWasInvalid;
    }

    /** The largest length {@code <= len} that does not cut a UTF-8 sequence in half. */
    static int trimToCharBoundary(byte[] b, int off, int len) {
        int i = len - 1;
        int continuation = 0;
        while (i >= 0 && continuation < 3 && (b[off + i] & 0xC0) == 0x80) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return len;
        }
        int lead = b[off + i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return need > continuation + 1 ? i : len;
    }
}
