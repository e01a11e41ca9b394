package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go's Time.Format, with the formatting tables of Go's own {@code src/time/format_test.go} (formatTests,
 * rfc3339Formats, TestFormatSingleDigits, TestFormatShortYear, TestNoonIs12PM, TestMidnightIs12AM,
 * TestMissingZone, secondsTimeZoneOffsetTests through TestFormatSecondsInTimeZone), as facts.
 */
class GoTimeFormatTest {
    /** format_test.go TestFormat: Unix(0, 1233810057012345600), Thu Feb 4 21:00:57.012345600 PST 2009. */
    private static final GoTime FEB_4_2009 = new GoTime(Instant.ofEpochSecond(0, 1233810057012345600L),
            ZoneId.of("America/Los_Angeles"), null);

    static Stream<Arguments> formatTests() {
        return Stream.of(
                Arguments.of("Mon Jan _2 15:04:05 2006", "Wed Feb  4 21:00:57 2009"), // ANSIC
                Arguments.of("Mon Jan _2 15:04:05 MST 2006", "Wed Feb  4 21:00:57 PST 2009"), // UnixDate
                Arguments.of("Mon Jan 02 15:04:05 -0700 2006", "Wed Feb 04 21:00:57 -0800 2009"), // RubyDate
                Arguments.of("02 Jan 06 15:04 MST", "04 Feb 09 21:00 PST"), // RFC822
                Arguments.of("Monday, 02-Jan-06 15:04:05 MST", "Wednesday, 04-Feb-09 21:00:57 PST"), // RFC850
                Arguments.of("Mon, 02 Jan 2006 15:04:05 MST", "Wed, 04 Feb 2009 21:00:57 PST"), // RFC1123
                Arguments.of("Mon, 02 Jan 2006 15:04:05 -0700", "Wed, 04 Feb 2009 21:00:57 -0800"), // RFC1123Z
                Arguments.of("2006-01-02T15:04:05Z07:00", "2009-02-04T21:00:57-08:00"), // RFC3339
                Arguments.of("2006-01-02T15:04:05.999999999Z07:00", "2009-02-04T21:00:57.0123456-08:00"),
                Arguments.of("3:04PM", "9:00PM"), // Kitchen
                Arguments.of("3pm", "9pm"),
                Arguments.of("3PM", "9PM"),
                Arguments.of("06 01 02", "09 02 04"),
                Arguments.of("Hi Janet, the Month is January", "Hi Janet, the Month is February"),
                Arguments.of("Jan _2 15:04:05", "Feb  4 21:00:57"), // Stamp
                Arguments.of("Jan _2 15:04:05.000", "Feb  4 21:00:57.012"), // StampMilli
                Arguments.of("Jan _2 15:04:05.000000", "Feb  4 21:00:57.012345"), // StampMicro
                Arguments.of("Jan _2 15:04:05.000000000", "Feb  4 21:00:57.012345600"), // StampNano
                Arguments.of("Jan  2 002 __2 2", "Feb  4 035  35 4"), // YearDay
                // Go 1.17+: a comma before the fraction is kept as the separator.
                Arguments.of("15:04:05,000", "21:00:57,012"),
                Arguments.of("15:04:05,999", "21:00:57,012"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void formatTests(String layout, String expected) {
        assertThat(FEB_4_2009.format(layout)).isEqualTo(expected);
    }

    /** format_test.go rfc3339Formats: FixedZone("EST", -18000) and FixedZone("OTO", 15600). */
    @Test
    void rfc3339Formats() {
        String rfc3339 = "2006-01-02T15:04:05Z07:00";
        assertThat(GoTimeFormat.format(rfc3339, utc(2008, 9, 17, 20, 4, 26), 0, 0, "UTC"))
                .isEqualTo("2008-09-17T20:04:26Z");
        assertThat(GoTimeFormat.format(rfc3339, utc(1994, 9, 18, 1, 4, 26), 0, -18000, "EST"))
                .isEqualTo("1994-09-17T20:04:26-05:00");
        assertThat(GoTimeFormat.format(rfc3339, utc(2000, 12, 25, 20, 55, 6), 0, 15600, "OTO"))
                .isEqualTo("2000-12-26T01:15:06+04:20");
    }

    /** format_test.go TestFormatSingleDigits (issue 12440). */
    @Test
    void singleDigits() {
        assertThat(GoTimeFormat.format("3:4:5", utc(2001, 2, 3, 4, 5, 6), 700_000_000, 0, "UTC")).isEqualTo("4:5:6");
    }

    /** format_test.go TestFormatShortYear: the 4 of %04d counts digits only, after Go's own minus sign. */
    @ParameterizedTest
    @ValueSource(ints = {-100001, -100000, -99999, -10001, -10000, -9999, -1001, -1000, -999, -101, -100, -99,
            -11, -10, -9, -1, 0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 1001, 9999, 10000, 10001, 99999, 100000,
            100001})
    void shortYear(int year) {
        String expected = year < 0 ? String.format("-%04d.01.01", -year) : String.format("%04d.01.01", year);
        assertThat(GoTimeFormat.format("2006.01.02", utc(year, 1, 1, 0, 0, 0), 0, 0, "UTC")).isEqualTo(expected);
    }

    /** format_test.go TestNoonIs12PM and TestMidnightIs12AM (year 0, January 1). */
    @Test
    void noonIs12PmAndMidnightIs12Am() {
        for (String layout : new String[] {"3:04PM", "03:04PM"}) {
            assertThat(GoTimeFormat.format(layout, utc(0, 1, 1, 12, 0, 0), 0, 0, "UTC")).isEqualTo("12:00PM");
            assertThat(GoTimeFormat.format(layout, utc(0, 1, 1, 0, 0, 0), 0, 0, "UTC")).isEqualTo("12:00AM");
        }
    }

    /** format_test.go TestMissingZone: a zone without a name prints MST as -0500. */
    @Test
    void missingZoneNamePrintsTheOffset() {
        assertThat(GoTimeFormat.format("Mon Jan _2 15:04:05 MST 2006", utc(2006, 2, 2, 21, 10, 3), 0, -18000, ""))
                .isEqualTo("Thu Feb  2 16:10:03 -0500 2006");
    }

    /** format_test.go secondsTimeZoneOffsetTests, formatted at Date(1871, 1, 1, 5, 33, 2, 0, FixedZone("LMT", off)). */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void secondsTimeZoneOffsets(String layout, String expected, int offset) {
        long epoch = utc(1871, 1, 1, 5, 33, 2) - offset;
        assertThat(GoTimeFormat.format(layout, epoch, 0, offset, "LMT")).isEqualTo(expected);
    }

    static Stream<Arguments> secondsTimeZoneOffsets() {
        return Stream.of(
                Arguments.of("2006-01-02T15:04:05-070000", "1871-01-01T05:33:02-003408", -(34 * 60 + 8)),
                Arguments.of("2006-01-02T15:04:05-07:00:00", "1871-01-01T05:33:02-00:34:08", -(34 * 60 + 8)),
                Arguments.of("2006-01-02T15:04:05-070000", "1871-01-01T05:33:02+003408", 34 * 60 + 8),
                Arguments.of("2006-01-02T15:04:05-07:00:00", "1871-01-01T05:33:02+00:34:08", 34 * 60 + 8),
                Arguments.of("2006-01-02T15:04:05Z070000", "1871-01-01T05:33:02-003408", -(34 * 60 + 8)),
                Arguments.of("2006-01-02T15:04:05Z07:00:00", "1871-01-01T05:33:02+00:34:08", 34 * 60 + 8),
                Arguments.of("2006-01-02T15:04:05-07", "1871-01-01T05:33:02+01", 3600),
                Arguments.of("2006-01-02T15:04:05-07", "1871-01-01T05:33:02-02", -7200),
                Arguments.of("2006-01-02T15:04:05Z07", "1871-01-01T05:33:02-02", -7200));
    }

    /** Go's Time.String(), with the monotonic reading a time from now has. */
    @Test
    void stringForm() {
        GoTime t = new GoTime(Instant.parse("2019-06-13T20:39:39Z"), ZoneOffset.UTC, null);
        assertThat(t).hasToString("2019-06-13 20:39:39 +0000 UTC");
        assertThat(new GoTime(Instant.parse("2019-06-13T20:39:39.5Z"), ZoneOffset.UTC, 1_002_003_004L))
                .hasToString("2019-06-13 20:39:39.5 +0000 UTC m=+1.002003004");
        assertThat(GoTime.ZERO).hasToString("0001-01-01 00:00:00 +0000 UTC");
    }

    private static long utc(int year, int month, int day, int hour, int minute, int second) {
        return LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
    }
}
