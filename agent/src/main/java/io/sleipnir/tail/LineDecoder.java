package io.sleipnir.tail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of one line to a String; invalid UTF-8 becomes U+FFFD and is reported. Not thread-safe: one per reader
 * thread.
 */
final class LineDecoder {
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private boolean lastWasInvalid;

    String decode(byte[] bytes, int off, int len) {
        // The JDK's UTF-8 constructor is intrinsified (a vectorised ASCII check, Latin-1 strings for ASCII lines)
        // and replaces each invalid sequence with U+FFFD. Only a line that then holds U+FFFD needs a second,
        // strict look, to tell invalid input from a U+FFFD that was really written.
        String s = new String(bytes, off, len, StandardCharsets.UTF_8);
        lastWasInvalid = s.indexOf('\uFFFD') >= 0 && !isValid(bytes, off, len);
        return s;
    }

    private boolean isValid(byte[] bytes, int off, int len) {
        strict.reset();
        CharBuffer out = CharBuffer.allocate(len);
        CoderResult r = strict.decode(ByteBuffer.wrap(bytes, off, len), out, true);
        return !r.isError() && !strict.flush(out).isError();
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
