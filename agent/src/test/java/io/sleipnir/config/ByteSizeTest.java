package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "100, 100",
            "100B, 100",
            "100b, 100",
            "256kb, 262144",
            "256KB, 262144",
            "256k, 262144",
            "1MB, 1048576",
            "5mb, 5242880",
            "1MiB, 1048576",
            "64KiB, 65536",
            "2GB, 2147483648",
            "1tb, 1099511627776",
            "'10 MB', 10485760",
            "3 kilobytes, 3072",
    })
    void parsesPromtailSizes(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|invalid byte size \"\" (use bytes or a size such as 256KB, 1MB, 2GB)",
            "MB|invalid byte size \"MB\" (use bytes or a size such as 256KB, 1MB, 2GB)",
            "1.5MB|invalid byte size \"1.5MB\" (use bytes or a size such as 256KB, 1MB, 2GB)",
            "10 apples|invalid byte size \"10 apples\" (use bytes or a size such as 256KB, 1MB, 2GB)",
            "-1|invalid byte size \"-1\": must not be negative",
            "-1MB|invalid byte size \"-1MB\": must not be negative",
            "5Mb|invalid byte size \"5Mb\": \"Mb\" means bits; use \"MB\" for bytes",
            "16EB|invalid byte size \"16EB\": too large",
            "99999999999999999999|invalid byte size \"99999999999999999999\": too large",
    })
    void rejectsWithOneLineMessage(String text, String message) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"0, 0B", "100, 100B", "1024, 1KB", "262144, 256KB", "1048576, 1MB", "1536, 1536B", "2147483648, 2GB"})
    void formatsWithTheLargestExactUnit(long bytes, String text) {
        assertThat(ByteSize.format(bytes)).isEqualTo(text);
    }

    @Property
    void formatThenParseRoundTrips(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long bytes) {
        assertThat(ByteSize.parse(ByteSize.format(bytes))).isEqualTo(bytes);
    }

    @Property
    void unitsAre1024Based(@ForAll @IntRange(min = 0, max = 4096) int n) {
        assertThat(ByteSize.parse(n + "kb")).isEqualTo(n * 1024L);
        assertThat(ByteSize.parse(n + "MB")).isEqualTo(n * 1024L * 1024L);
    }
}
