package io.sleipnir.source.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordsAtTimestampTest {
    private static long digest(int stream, String record) {
        byte[] b = ("2026-12-02T10:00:00Z " + record).getBytes(StandardCharsets.UTF_8);
        return RecordsAtTimestamp.digest(stream, b, 21);
    }

    @Test
    void aRepeatedLineIsSkippedAsOftenAsItWasReadAndTheStreamTellsTwoLinesApart() {
        RecordsAtTimestamp read = new RecordsAtTimestamp();
        read.add(5, digest(1, "ok\n"));
        read.add(5, digest(1, "ok\n"));
        read.add(5, digest(2, "ok\n"));
        read.seal();
        assertThat(read.nanos()).isEqualTo(5);
        assertThat(read.take(digest(1, "ok\n"))).isTrue();
        assertThat(read.take(digest(1, "ok\n"))).isTrue();
        assertThat(read.take(digest(1, "ok\n"))).as("a third copy was not read").isFalse();
        assertThat(read.take(digest(2, "ok\n"))).isTrue();
        assertThat(read.take(digest(1, "other\n"))).isFalse();
    }

    @Test
    void aNewerTimestampStartsOverAndTooManyRecordsOverflow() {
        RecordsAtTimestamp read = new RecordsAtTimestamp();
        read.add(5, digest(1, "old\n"));
        read.add(6, digest(1, "new\n"));
        read.seal();
        assertThat(read.nanos()).isEqualTo(6);
        assertThat(read.take(digest(1, "old\n"))).isFalse();
        assertThat(read.take(digest(1, "new\n"))).isTrue();

        RecordsAtTimestamp many = new RecordsAtTimestamp();
        for (int i = 0; i <= RecordsAtTimestamp.MAX; i++) {
            many.add(7, i);
        }
        assertThat(many.overflowed()).as("the caller falls back to the count").isTrue();
    }
}
