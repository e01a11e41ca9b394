package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "0s, 0",
            "+0, 0",
            "-0, 0",
            "300ms, 300000000",
            "1s, 1000000000",
            "10s, 10000000000",
            "1m30s, 90000000000",
            "2h45m, 9900000000000",
            "1.5h, 5400000000000",
            ".5s, 500000000",
            "1.s, 1000000000",
            "1.0000000001s, 1000000000",
            "1ns, 1",
            "1us, 1000",
            "1µs, 1000",
            "1μs, 1000",
            "1.5ms, 1500000",
            "1h1m1s1ms1us1ns, 3661001001001",
            "2d, 172800000000000",
            "1w, 604800000000000",
            "-1.5s, -1500000000",
            "100h, 360000000000000",
    })
    void parsesGoSyntax(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|invalid duration \"\" (use Go syntax such as 500ms, 10s, 1m30s)",
            "1x|invalid duration \"1x\" (use Go syntax such as 500ms, 10s, 1m30s)",
            "s|invalid duration \"s\" (use Go syntax such as 500ms, 10s, 1m30s)",
            ".s|invalid duration \".s\" (use Go syntax such as 500ms, 10s, 1m30s)",
            "1.5|invalid duration \"1.5\" (use Go syntax such as 500ms, 10s, 1m30s)",
            "1h30|invalid duration \"1h30\" (use Go syntax such as 500ms, 10s, 1m30s)",
            "1 s|invalid duration \"1 s\" (use Go syntax such as 500ms, 10s, 1m30s)",
            "1y|invalid duration \"1y\" (use Go syntax such as 500ms, 10s, 1m30s)",
            "--1s|invalid duration \"--1s\" (use Go syntax such as 500ms, 10s, 1m30s)",
            "10|invalid duration \"10\": a number needs a unit, e.g. \"10s\" (use Go syntax such as 500ms, 10s, 1m30s)",
            "3000000h|invalid duration \"3000000h\": out of range (at most about 292 years)",
    })
    void rejectsWithOneLineMessage(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0s",
            "1, 1ns",
            "1500, 1.5µs",
            "500000000, 500ms",
            "1500000, 1.5ms",
            "1000000000, 1s",
            "90000000000, 1m30s",
            "3600000000000, 1h0m0s",
            "5400000000000, 1h30m0s",
            "1500000000, 1.5s",
            "3661001001001, 1h1m1.001001001s",
            "-1500000000, -1.5s",
            "-9223372036854775808, -2562047h47m16.854775808s",
    })
    void formatsLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }

    @Property
    void formatThenParseRoundTrips(@ForAll long nanos) {
        Duration duration = Duration.ofNanos(nanos);

        assertThat(GoDuration.parse(GoDuration.format(duration))).isEqualTo(duration);
    }

    @Property
    void wholeMillisecondsAreWrittenCompactly(@ForAll @LongRange(min = 1, max = 999) long millis) {
        assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(millis + "ms");
    }
}
