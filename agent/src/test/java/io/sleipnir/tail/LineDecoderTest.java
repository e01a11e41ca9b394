package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineDecoderTest {
    private final LineDecoder decoder = new LineDecoder();

    private String decode(byte[] b) {
        return decoder.decode(b, 0, b.length);
    }

    @Test
    void asciiAndMultiByteLinesDecodeUnchanged() {
        assertThat(decode("plain ascii".getBytes(StandardCharsets.UTF_8))).isEqualTo("plain ascii");
        assertThat(decoder.lastWasInvalid()).isFalse();
        assertThat(decode("grüße, 日本, 🚀".getBytes(StandardCharsets.UTF_8))).isEqualTo("grüße, 日本, 🚀");
        assertThat(decoder.lastWasInvalid()).isFalse();
    }

    @Test
    void aReplacementCharacterThatWasReallyWrittenIsNotInvalid() {
        assertThat(decode("bad \uFFFD seen upstream".getBytes(StandardCharsets.UTF_8))).isEqualTo("bad \uFFFD seen upstream");
        assertThat(decoder.lastWasInvalid()).isFalse();
    }

    @Test
    void invalidBytesBecomeReplacementCharactersAndAreReported() {
        byte[] line = {'a', (byte) 0xFF, 'b', (byte) 0xC3, 'c'};
        assertThat(decode(line)).isEqualTo("a\uFFFDb\uFFFDc");
        assertThat(decoder.lastWasInvalid()).isTrue();
        assertThat(decode("fine".getBytes(StandardCharsets.UTF_8))).isEqualTo("fine");
        assertThat(decoder.lastWasInvalid()).isFalse();
    }

    @Test
    void decodesOnlyTheGivenSlice() {
        byte[] buffer = "xxhello\nyy".getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.decode(buffer, 2, 5)).isEqualTo("hello");
    }

    /** Every length around the eight-byte words, with one byte of 0x80 or more anywhere, or none. */
    @Test
    void isAsciiIsFalseExactlyWhenSomeByteIsAtLeast0x80() {
        for (int len = 0; len <= 20; len++) {
            for (int off = 0; off <= 3; off++) {
                byte[] b = new byte[off + len + 2];
                java.util.Arrays.fill(b, (byte) 0xC3); // outside the range: must not matter
                java.util.Arrays.fill(b, off, off + len, (byte) 0x7F);
                assertThat(ByteScan.isAscii(b, off, len)).as("len %d off %d", len, off).isTrue();
                for (int at = off; at < off + len; at++) {
                    for (byte high : new byte[] {(byte) 0x80, (byte) 0xC3, (byte) 0xFF}) {
                        b[at] = high;
                        assertThat(ByteScan.isAscii(b, off, len)).as("len %d off %d at %d", len, off, at).isFalse();
                        b[at] = 'a';
                    }
                }
            }
        }
    }
}
