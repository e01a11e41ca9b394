package io.sleipnir.source.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogRecordReaderTest {
    static byte[] frame(int stream, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(stream);
        out.write(new byte[3], 0, 3);
        out.write(body.length >>> 24);
        out.write(body.length >>> 16);
        out.write(body.length >>> 8);
        out.write(body.length);
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    @Test
    void framesAreDemultiplexedByTheirHeader() throws Exception {
        LogRecordReader r = new LogRecordReader(new ByteArrayInputStream(concat(frame(1, "t out\n"), frame(2, "t err\n"),
                frame(1, "t part"))), false, 1024);
        assertThat(text(r.next())).isEqualTo("1 t out\n");
        assertThat(text(r.next())).isEqualTo("2 t err\n");
        assertThat(text(r.next())).isEqualTo("1 t part");
        assertThat(r.next()).isNull();
    }

    @Test
    void aFrameLongerThanTheCapIsCutAndTheReaderStaysInStep() throws Exception {
        LogRecordReader r = new LogRecordReader(new ByteArrayInputStream(concat(frame(1, "t " + "x".repeat(100) + "\n"),
                frame(2, "t next\n"))), false, 10);
        LogRecordReader.Record cut = r.next();
        assertThat(cut.cut()).isTrue();
        assertThat(new String(cut.bytes(), StandardCharsets.UTF_8)).isEqualTo("t xxxxxxxx");
        assertThat(text(r.next())).isEqualTo("2 t next\n");
    }

    @Test
    void aStreamEndingInsideAFrameEnds() throws Exception {
        byte[] whole = frame(1, "t complete line\n");
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 3);
        assertThat(new LogRecordReader(new ByteArrayInputStream(truncated), false, 1024).next()).isNull();
        assertThat(new LogRecordReader(new ByteArrayInputStream(new byte[] {1, 0, 0}), false, 1024).next()).isNull();
    }

    @Test
    void withATtyLinesAreRecordsOnStdout() throws Exception {
        LogRecordReader r = new LogRecordReader(new ByteArrayInputStream(
                "t one\r\nt two\r\nt three".getBytes(StandardCharsets.UTF_8)), true, 1024);
        assertThat(text(r.next())).isEqualTo("1 t one\r\n");
        assertThat(text(r.next())).isEqualTo("1 t two\r\n");
        assertThat(text(r.next())).isEqualTo("1 t three");
        assertThat(r.next()).isNull();
    }

    private static String text(LogRecordReader.Record r) {
        return r.stream() + " " + new String(r.bytes(), StandardCharsets.UTF_8);
    }
}
