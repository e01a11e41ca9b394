package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class Rfc3339Test {

    public static long nanos(String iso) {
        Instant i = OffsetDateTime.parse(iso).toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2019-04-30T02:12:41.8443515Z",
            "2026-11-25T10:00:00.123456789Z",
            "2026-01-01T01:00:00+01:00",
            "2019-05-07T18:57:50.904275087+00:00",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999999999Z",
            "2024-02-29T12:00:00.5-05:30",
            "2000-03-01T00:00:00.1+14:00",
            "2261-12-31T23:59:59Z",
            "1678-01-01T00:00:00Z"})
    void parsesLikeJavaTime(String text) {
        assertThat(Rfc3339.parseNanos(text)).isEqualTo(nanos(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "2019-04-30", "2019-04-30T02:12:41", "2019-04-30 02:12:41Z", "2019-04-30T02:12:41.Z",
            "2019-04-30T02:12:41.123", "2019-04-30T02:12:41+0100", "2019-04-30T02:12:41+01:00x",
            "2019-04-30T02:12:41Zx", "2019-13-30T02:12:41Z", "2019-02-29T02:12:41Z", "2019-04-31T02:12:41Z",
            "2019-04-30T24:00:00Z", "2019-04-30T23:60:00Z", "2019-04-30T23:59:60Z", "2019-04-30T02:12:41+25:00",
            "20a9-04-30T02:12:41Z", "2019-04-30t02:12:41Z", "9999-01-01T00:00:00Z", "-019-04-30T02:12:41Z"})
    void rejectsWhatIsNotRfc3339(String text) {
        assertThat(Rfc3339.parseNanos(text)).isEqualTo(Rfc3339.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2019-04-30T02:12:41+24:00", "2019-04-30T02:12:41-23:60", "2019-04-30T02:12:41,5Z"})
    void acceptsWhatGoAcceptsBeyondTheCanonicalForm(String text) {
        // Go's time.parse: "The range test use > rather than >=, as some people do write offsets of 24 hours or 60
        // minutes" (format.go), and a comma may start the fraction after the seconds (Go 1.17+). The fast path
        // leaves these to the general parser, which gives Go's answer.
        assertThat(Rfc3339.fast(text, 0, text.length())).isEqualTo(Rfc3339.INVALID);
        assertThat(Rfc3339.parseNanos(text)).isNotEqualTo(Rfc3339.INVALID)
                .isEqualTo(GoTimeLayout.compile("RFC3339").parseNanos(text, null, null));
    }

    @Property(tries = 500)
    void agreesWithJavaTimeForAnyInstantFractionAndOffset(
            @ForAll @LongRange(min = -9_000_000_000L, max = 9_000_000_000L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nano,
            @ForAll @IntRange(min = 0, max = 9) int fractionDigits,
            @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes) {
        int truncatedNano = nano - nano % (int) Math.pow(10, 9 - fractionDigits);
        OffsetDateTime t = Instant.ofEpochSecond(epochSecond, truncatedNano)
                .atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
        String pattern = "yyyy-MM-dd'T'HH:mm:ss" + (fractionDigits == 0 ? "" : "." + "S".repeat(fractionDigits)) + "xxx";
        String text = t.format(DateTimeFormatter.ofPattern(pattern));
        if (offsetMinutes == 0 && text.endsWith("+00:00") && epochSecond % 2 == 0) {
            text = text.substring(0, text.length() - 6) + "Z";
        }
        assertThat(Rfc3339.parseNanos(text)).as(text)
                .isEqualTo(epochSecond * 1_000_000_000L + truncatedNano);
    }
}
