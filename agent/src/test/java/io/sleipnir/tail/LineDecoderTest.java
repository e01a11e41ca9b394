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
}
