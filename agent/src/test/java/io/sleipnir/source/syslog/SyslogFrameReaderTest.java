package io.sleipnir.source.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogFrameReaderTest {
    private final List<String> frames = new ArrayList<>();
    private final List<Long> tooLong = new ArrayList<>();

    private void read(String stream, int max) throws Exception {
        // One byte per read: every split of a frame across reads is exercised.
        InputStream in = new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        new SyslogFrameReader(in, max).readAll(new SyslogFrameReader.FrameSink() {
            @Override
            public void frame(byte[] buf, int offset, int length) {
                frames.add(new String(buf, offset, length, StandardCharsets.UTF_8));
            }

            @Override
            public void tooLong(long length) {
                tooLong.add(length);
            }
        });
    }

    @Test
    void newlineFramingSkipsOverLongLinesAndKeepsTheLastUnterminatedOne() throws Exception {
        read("<1>a\n<2>" + "x".repeat(40) + "\n\n<3>c\n<4>d", 20);
        assertThat(frames).containsExactly("<1>a", "<3>c", "<4>d");
        assertThat(tooLong).containsExactly(43L);
    }

    @Test
    void octetCountingWithFramesHoldingNewlinesAndATooLongFrame() throws Exception {
        read("6 <1>a\nb12 <2>bbbbbbbbb5 <3>cc\n", 10);
        assertThat(frames).containsExactly("<1>a\nb", "<3>cc");
        assertThat(tooLong).containsExactly(12L);
    }

    @Test
    void unknownFramingAndBrokenLengthsEndTheStream() {
        assertThatThrownBy(() -> read("hello\n", 100)).isInstanceOf(SyslogFrameReader.BadFramingException.class)
                .hasMessage("invalid or unsupported framing. first byte: 'h'");
        assertThatThrownBy(() -> read("4 <1>ax <2>b", 100)).isInstanceOf(SyslogFrameReader.BadFramingException.class)
                .hasMessageContaining("expecting a frame length, got 'x'");
        assertThat(frames).containsExactly("<1>a");
    }
}
