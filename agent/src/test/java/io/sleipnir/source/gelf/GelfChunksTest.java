package io.sleipnir.source.gelf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GelfChunksTest {
    private final List<String> discarded = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final GelfChunks chunks = new GelfChunks(clock, discarded::add);

    private static byte[] chunk(long id, int seq, int count, String part) {
        byte[] body = part.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[GelfChunks.HEADER + body.length];
        out[0] = 0x1e;
        out[1] = 0x0f;
        for (int i = 0; i < 8; i++) {
            out[2 + i] = (byte) (id >>> (56 - 8 * i));
        }
        out[10] = (byte) seq;
        out[11] = (byte) count;
        System.arraycopy(body, 0, out, GelfChunks.HEADER, body.length);
        return out;
    }

    private byte[] add(byte[] chunk) {
        return chunks.add(chunk, 0, chunk.length);
    }

    @Test
    void chunksInAnyOrderAndInterleavedAreReassembled() {
        assertThat(add(chunk(1, 2, 3, "c\"}"))).isNull();
        assertThat(add(chunk(2, 0, 2, "{\"x"))).isNull();
        assertThat(add(chunk(1, 0, 3, "{\"a\":"))).isNull();
        assertThat(add(chunk(1, 0, 3, "{\"a\":"))).as("a repeated chunk counts once").isNull();
        assertThat(new String(add(chunk(1, 1, 3, "\"b")), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"bc\"}");
        assertThat(new String(add(chunk(2, 1, 2, "\":1}")), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
        assertThat(chunks.pendingMessages()).isZero();
        assertThat(discarded).isEmpty();
    }

    @Test
    void aMessageMissingChunksFor5sIsDiscardedAndBadHeadersAreRefused() {
        add(chunk(7, 0, 2, "half"));
        clock.advance(GelfChunks.MAX_AGE);
        assertThat(add(chunk(8, 0, 1, "{}"))).isNotNull();
        assertThat(chunks.pendingMessages()).as("exactly 5s old: still waiting").isEqualTo(1);
        assertThat(discarded).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(add(chunk(8, 0, 1, "{}"))).isNotNull();
        assertThat(chunks.pendingMessages()).isZero();
        assertThat(add(chunk(7, 1, 2, "late"))).as("starts over").isNull();
        add(chunk(9, 0, 129, "x"));
        add(chunk(9, 3, 2, "x"));
        assertThat(discarded).containsExactly("message expired: 1 of 2 chunks arrived within 5s",
                "chunk 0 of 129: a message has 1 to 128 chunks", "chunk 3 of 2: a message has 1 to 128 chunks");
    }

    @Test
    void decoderRendersTheLineAsGoGelfMarshalsIt() throws Exception {
        byte[] json = ("{\"short_message\":\"<b>&\\u2028\",\"host\":\"h\",\"version\":\"1.1\",\"timestamp\":1.5e-7,"
                + "\"level\":3.9,\"_z\":[1,2.50,{\"b\":true,\"a\":null}],\"_a\":12345678901234567890,\"other\":1}")
                .getBytes(StandardCharsets.UTF_8);
        GelfMessage m = GelfDecoder.decode(json, 0, json.length);
        assertThat(m.levelName()).isEqualTo("error");
        assertThat(m.toLine()).isEqualTo("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"\\u003cb\\u003e\\u0026"
                + "\\u2028\",\"timestamp\":1.5e-7,\"level\":3,\"_a\":12345678901234567000,"
                + "\"_z\":[1,2.5,{\"a\":null,\"b\":true}]}");
        byte[] wrongType = "{\"level\":\"high\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GelfDecoder.decode(wrongType, 0, wrongType.length))
                .hasMessage("invalid type for field level");
    }
}
