package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance with Go's {@code time.Parse}: the tables are the layouts and values of Go's own
 * {@code src/time/format_test.go} (parseTests, rubyTests, dayOutOfRangeTests, parseErrorTests, parseTimeZoneTests,
 * secondsTimeZoneOffsetTests, monthOutOfRangeTests, TestParseYday, Test12PMIsNoon, TestUnderscoreTwoThousand,
 * TestStd0xParseError), taken as facts. Go's tests run with Local = US Pacific; a row whose zone is an abbreviation
 * (PST, PDT) is parsed here with location America/Los_Angeles, which is what Go's lookup in Local does, and a row
 * without a zone with no location (UTC), Go's default location for {@code time.Parse}.
 */
class GoTimeLayoutTest {
    private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
    /** For the layouts without a year: Promtail takes the year from the clock. */
    private static final Clock FEBRUARY_2010 = Clock.fixed(Instant.parse("2010-02-10T00:00:00Z"), ZoneOffset.UTC);

    // Go's layout constants (time/format.go), used by the tables below.
    private static final Map<String, String> GO = Map.of(
            "ANSIC", "Mon Jan _2 15:04:05 2006",
            "UnixDate", "Mon Jan _2 15:04:05 MST 2006",
            "RubyDate", "Mon Jan 02 15:04:05 -0700 2006",
            "RFC850", "Monday, 02-Jan-06 15:04:05 MST",
            "RFC1123", "Mon, 02 Jan 2006 15:04:05 MST",
            "RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700",
            "RFC3339", "2006-01-02T15:04:05Z07:00",
            "StampNano", "Jan _2 15:04:05.000000000");

    private enum Zone { NONE, NUMERIC, ABBREVIATION }

    private static Arguments row(String layout, String value, Zone zone, int fracDigits) {
        return Arguments.of(GO.getOrDefault(layout, layout), value, zone, fracDigits);
    }

    /** format_test.go parseTests and rubyTests: every value is Thu Feb 4 21:00:57 PST 2010 (or UTC without a zone). */
    static Stream<Arguments> goParseTests() {
        Zone n = Zone.NONE;
        Zone z = Zone.NUMERIC;
        Zone a = Zone.ABBREVIATION;
        return Stream.of(
                row("ANSIC", "Thu Feb  4 21:00:57 2010", n, 0),
                row("UnixDate", "Thu Feb  4 21:00:57 PST 2010", a, 0),
                row("RubyDate", "Thu Feb 04 21:00:57 -0800 2010", z, 0),
                row("RFC850", "Thursday, 04-Feb-10 21:00:57 PST", a, 0),
                row("RFC1123", "Thu, 04 Feb 2010 21:00:57 PST", a, 0),
                row("RFC1123", "Thu, 04 Feb 2010 22:00:57 PDT", a, 0),
                row("RFC1123Z", "Thu, 04 Feb 2010 21:00:57 -0800", z, 0),
                row("RFC3339", "2010-02-04T21:00:57-08:00", z, 0),
                row("2006-01-02 15:04:05-07", "2010-02-04 21:00:57-08", z, 0),
                // Optional fractional seconds.
                row("ANSIC", "Thu Feb  4 21:00:57.0 2010", n, 1),
                row("UnixDate", "Thu Feb  4 21:00:57.01 PST 2010", a, 2),
                row("RubyDate", "Thu Feb 04 21:00:57.012 -0800 2010", z, 3),
                row("RFC850", "Thursday, 04-Feb-10 21:00:57.0123 PST", a, 4),
                row("RFC1123", "Thu, 04 Feb 2010 21:00:57.01234 PST", a, 5),
                row("RFC1123Z", "Thu, 04 Feb 2010 21:00:57.01234 -0800", z, 5),
                row("RFC3339", "2010-02-04T21:00:57.012345678-08:00", z, 9),
                row("2006-01-02 15:04:05", "2010-02-04 21:00:57.0", n, 0),
                // Amount of white space should not matter.
                row("ANSIC", "Thu Feb 4 21:00:57 2010", n, 0),
                row("ANSIC", "Thu      Feb     4     21:00:57     2010", n, 0),
                // Case should not matter.
                row("ANSIC", "THU FEB 4 21:00:57 2010", n, 0),
                row("ANSIC", "thu feb 4 21:00:57 2010", n, 0),
                // Fractional seconds.
                row("Mon Jan _2 15:04:05.000 2006", "Thu Feb  4 21:00:57.012 2010", n, 3),
                row("Mon Jan _2 15:04:05.000000 2006", "Thu Feb  4 21:00:57.012345 2010", n, 6),
                row("Mon Jan _2 15:04:05.000000000 2006", "Thu Feb  4 21:00:57.012345678 2010", n, 9),
                row("Mon Jan _2 15:04:05,000 2006", "Thu Feb  4 21:00:57.012 2010", n, 3),
                row("Mon Jan _2 15:04:05,000000 2006", "Thu Feb  4 21:00:57.012345 2010", n, 6),
                row("Mon Jan _2 15:04:05,000000000 2006", "Thu Feb  4 21:00:57.012345678 2010", n, 9),
                // Leading zeros in other places should not be taken as fractional seconds.
                row("2006.01.02.15.04.05.0", "2010.02.04.21.00.57.0", n, 1),
                row("2006.01.02.15.04.05.00", "2010.02.04.21.00.57.01", n, 2),
                // Month and day names only match when not followed by a lower-case letter.
                row("Hi Janet, the Month is January: Jan _2 15:04:05 2006",
                        "Hi Janet, the Month is February: Feb  4 21:00:57 2010", n, 0),
                // GMT with offset.
                row("UnixDate", "Fri Feb  5 05:00:57 GMT-8 2010", a, 0),
                // Any number of fractional second digits (including none) for .999..., "." and "," separators.
                row("2006-01-02 15:04:05.9999 -0700 MST", "2010-02-04 21:00:57 -0800 PST", z, 0),
                row("2006-01-02 15:04:05.999999999 -0700 MST", "2010-02-04 21:00:57 -0800 PST", z, 0),
                row("2006-01-02 15:04:05.9999 -0700 MST", "2010-02-04 21:00:57.0123 -0800 PST", z, 4),
                row("2006-01-02 15:04:05.999999999 -0700 MST", "2010-02-04 21:00:57.0123 -0800 PST", z, 4),
                row("2006-01-02 15:04:05.9999 -0700 MST", "2010-02-04 21:00:57.012345678 -0800 PST", z, 9),
                row("2006-01-02 15:04:05.999999999 -0700 MST", "2010-02-04 21:00:57.012345678 -0800 PST", z, 9),
                row("2006-01-02 15:04:05,9999 -0700 MST", "2010-02-04 21:00:57 -0800 PST", z, 0),
                row("2006-01-02 15:04:05,999999999 -0700 MST", "2010-02-04 21:00:57 -0800 PST", z, 0),
                row("2006-01-02 15:04:05,9999 -0700 MST", "2010-02-04 21:00:57.0123 -0800 PST", z, 4),
                row("2006-01-02 15:04:05,999999999 -0700 MST", "2010-02-04 21:00:57.0123 -0800 PST", z, 4),
                row("2006-01-02 15:04:05,9999 -0700 MST", "2010-02-04 21:00:57.012345678 -0800 PST", z, 9),
                row("2006-01-02 15:04:05,999999999 -0700 MST", "2010-02-04 21:00:57.012345678 -0800 PST", z, 9),
                // Issue 4502 (no year: Promtail takes it from the clock, February 2010 here).
                row("StampNano", "Feb  4 21:00:57.012345678", n, 9),
                row("Jan _2 15:04:05.999", "Feb  4 21:00:57.012300000", n, 4),
                row("Jan _2 15:04:05.999", "Feb  4 21:00:57.012345678", n, 9),
                row("Jan _2 15:04:05.999999999", "Feb  4 21:00:57.0123", n, 4),
                row("Jan _2 15:04:05.999999999", "Feb  4 21:00:57.012345678", n, 9),
                // Day of year.
                row("2006-01-02 002 15:04:05", "2010-02-04 035 21:00:57", n, 0),
                row("2006-01 002 15:04:05", "2010-02 035 21:00:57", n, 0),
                row("2006-002 15:04:05", "2010-035 21:00:57", n, 0),
                row("200600201 15:04:05", "201003502 21:00:57", n, 0),
                row("200600204 15:04:05", "201003504 21:00:57", n, 0),
                // rubyTests: the zone is ignored by that test, so only the ones at -0800 are compared here.
                row("RubyDate", "Thu Feb 04 21:00:57 -0800 2010", z, 0));
    }

    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("goParseTests")
    void parsesGoFormatTestValues(String layout, String value, Zone zone, int fracDigits) {
        // checkTime: 2010-02-04 21:00:57 at -08:00 (or UTC without a zone), nanoseconds to the input's precision.
        long nanos = Long.parseLong(("012345678".substring(0, fracDigits) + "000000000").substring(0, 9));
        Instant expected = (zone == Zone.NONE ? Instant.parse("2010-02-04T21:00:57Z")
                : Instant.parse("2010-02-05T05:00:57Z")).plusNanos(nanos);
        ZoneId location = zone == Zone.ABBREVIATION ? PACIFIC : null;
        assertThat(GoTimeLayout.compile(layout).parseNanos(value, location, FEBRUARY_2010)).isEqualTo(nanosOf(expected));
    }

    @Test
    void rubyDateAcceptsZeroAndOddOffsets() {
        // format_test.go rubyTests: -0000, +0000 and +1130 parse.
        GoTimeLayout ruby = GoTimeLayout.compile(GO.get("RubyDate"));
        assertThat(ruby.parseNanos("Thu Feb 04 21:00:57 -0000 2010", null, FEBRUARY_2010))
                .isEqualTo(nanosOf(Instant.parse("2010-02-04T21:00:57Z")));
        assertThat(ruby.parseNanos("Thu Feb 04 21:00:57 +1130 2010", null, FEBRUARY_2010))
                .isEqualTo(nanosOf(Instant.parse("2010-02-04T09:30:57Z")));
        // TestMinutesInTimeZone: +0123 is 1h23m east.
        assertThat(ruby.parseNanos("Mon Jan 02 15:04:05 +0123 2006", null, FEBRUARY_2010))
                .isEqualTo(nanosOf(Instant.parse("2006-01-02T13:41:05Z")));
    }

    /** format_test.go dayOutOfRangeTests, all parsed with ANSIC. */
    @ParameterizedTest
    @CsvSource({
            "Thu Jan 99 21:00:57 2010, false", "Thu Jan 31 21:00:57 2010, true", "Thu Jan 32 21:00:57 2010, false",
            "Thu Feb 28 21:00:57 2012, true", "Thu Feb 29 21:00:57 2012, true", "Thu Feb 29 21:00:57 2010, false",
            "Thu Mar 31 21:00:57 2010, true", "Thu Mar 32 21:00:57 2010, false", "Thu Apr 30 21:00:57 2010, true",
            "Thu Apr 31 21:00:57 2010, false", "Thu May 31 21:00:57 2010, true", "Thu May 32 21:00:57 2010, false",
            "Thu Jun 30 21:00:57 2010, true", "Thu Jun 31 21:00:57 2010, false", "Thu Jul 31 21:00:57 2010, true",
            "Thu Jul 32 21:00:57 2010, false", "Thu Aug 31 21:00:57 2010, true", "Thu Aug 32 21:00:57 2010, false",
            "Thu Sep 30 21:00:57 2010, true", "Thu Sep 31 21:00:57 2010, false", "Thu Oct 31 21:00:57 2010, true",
            "Thu Oct 32 21:00:57 2010, false", "Thu Nov 30 21:00:57 2010, true", "Thu Nov 31 21:00:57 2010, false",
            "Thu Dec 31 21:00:57 2010, true", "Thu Dec 32 21:00:57 2010, false", "Thu Dec 00 21:00:57 2010, false"})
    void rejectsDaysOutOfRange(String date, boolean ok) {
        long parsed = GoTimeLayout.compile("ANSIC").parseNanos(date, null, FEBRUARY_2010);
        assertThat(parsed != GoTimeLayout.INVALID).as(date).isEqualTo(ok);
    }

    /** format_test.go parseErrorTests (and TestStd0xParseError, monthOutOfRangeTests): each must fail. */
    @ParameterizedTest(name = "{0} | {1}")
    @CsvSource(delimiter = '|', value = {
            "ANSIC | Feb  4 21:00:60 2010",
            "ANSIC | Thu Feb  4 21:00:57 @2010",
            "ANSIC | Thu Feb  4 21:00:60 2010",
            "ANSIC | Thu Feb  4 21:61:57 2010",
            "ANSIC | Thu Feb  4 24:00:60 2010",
            "Mon Jan _2 15:04:05.000 2006 | Thu Feb  4 23:00:59x01 2010",
            "Mon Jan _2 15:04:05.000 2006 | Thu Feb  4 23:00:59.xxx 2010",
            "Mon Jan _2 15:04:05.000 2006 | Thu Feb  4 23:00:59.-123 2010",
            "StampNano | Dec  7 11:22:01.000000",
            "StampNano | Dec  7 11:22:01.0000000000",
            "RFC3339 | 2006-01-02T15:04:05Z07:00",
            "RFC3339 | 2006-01-02T15:04_abc",
            "RFC3339 | 2006-01-02T15:04:05_abc",
            "RFC3339 | 2006-01-02T15:04:05Z_abc",
            "RFC3339 | 2010-02-04T21:00:67.012345678-08:00",
            "_2 Jan 06 15:04 MST | 4 --- 00 00:00 GMT",
            "_2 January 06 15:04 MST | 4 --- 00 00:00 GMT",
            "Jan _2 002 2006 | Feb  4 034 2006",
            "Jan _2 002 2006 | Feb  4 004 2006",
            "01 MST | 0 MST",
            "01 MST | 1 MST",
            "RFC850 | 'Thursday, 04-Feb-1 21:00:57 PST'",
            "01-02 | 00-01",
            "01-02 | 13-01"})
    void rejectsGoParseErrorValues(String layout, String value) {
        assertThat(GoTimeLayout.compile(GO.getOrDefault(layout, layout)).parseNanos(value, null, FEBRUARY_2010))
                .isEqualTo(GoTimeLayout.INVALID);
    }

    @Test
    void acceptsAValidMonthAsMonthOutOfRangeTestsDo() {
        // "01-02" has no year: the clock's (2010) is used.
        assertThat(GoTimeLayout.compile("01-02").parseNanos("01-01", null, FEBRUARY_2010))
                .isEqualTo(nanosOf(Instant.parse("2010-01-01T00:00:00Z")));
    }

    /** format_test.go parseTimeZoneTests: the length of a zone abbreviation Go's parseTimeZone accepts (0: none). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gmt hi there | 0", "GMT hi there | 3", "GMT+12 hi there | 6", "GMT+00 hi there | 6", "GMT+ | 3",
            "GMT+3 | 5", "GMT+a | 3", "GMT+3a | 5", "GMT-5 hi there | 5", "GMT-51 hi there | 3", "ChST hi there | 4",
            "MeST hi there | 4", "MSDx | 3", "MSDY | 0", "ESAST hi | 5", "ESASTT hi | 0", "ESATY hi | 0",
            "WITA hi | 4", "+03 hi | 3", "-04 hi | 3", "+00 | 3", "-11 | 3", "-12 | 3", "-23 | 3", "-24 | 0",
            "+13 | 3", "+14 | 3", "+23 | 3", "+24 | 0"})
    void measuresZoneAbbreviationsAsGoParseTimeZone(String value, int length) {
        assertThat(GoZones.timeZoneLength(value, 0)).as(value).isEqualTo(length);
    }

    @Test
    void readsASignedNumericAbbreviationAsAnUnknownZoneOfOffsetZero() {
        // Go: "+03" is a zone name (parseTimeZone, issue 24071); not a zone of Local, so a fabricated zone at offset 0.
        assertThat(GoTimeLayout.compile("2006-01-02 15:04 MST").parseNanos("2010-02-04 21:00 +03", null, FEBRUARY_2010))
                .isEqualTo(nanosOf(Instant.parse("2010-02-04T21:00:00Z")));
    }

    /** format_test.go secondsTimeZoneOffsetTests: offsets with seconds, as America/New_York's LMT -4:56:02. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2006-01-02T15:04:05-070000 | 1871-01-01T05:33:02-003408 | -2048",
            "2006-01-02T15:04:05-07:00:00 | 1871-01-01T05:33:02-00:34:08 | -2048",
            "2006-01-02T15:04:05-070000 | 1871-01-01T05:33:02+003408 | 2048",
            "2006-01-02T15:04:05-07:00:00 | 1871-01-01T05:33:02+00:34:08 | 2048",
            "2006-01-02T15:04:05Z070000 | 1871-01-01T05:33:02-003408 | -2048",
            "2006-01-02T15:04:05Z07:00:00 | 1871-01-01T05:33:02+00:34:08 | 2048",
            "2006-01-02T15:04:05-07 | 1871-01-01T05:33:02+01 | 3600",
            "2006-01-02T15:04:05-07 | 1871-01-01T05:33:02-02 | -7200",
            "2006-01-02T15:04:05Z07 | 1871-01-01T05:33:02-02 | -7200"})
    void parsesOffsetsWithSeconds(String layout, String value, int offsetSeconds) {
        Instant local = Instant.parse("1871-01-01T05:33:02Z");
        assertThat(GoTimeLayout.compile(layout).parseNanos(value, null, FEBRUARY_2010))
                .isEqualTo(nanosOf(local.minusSeconds(offsetSeconds)));
    }

    @Test
    void parsesEveryDayOfYear2020() {
        // TestParseYday (issue 37387).
        GoTimeLayout layout = GoTimeLayout.compile("2006-002");
        for (int day = 1; day <= 365; day++) {
            long expected = nanosOf(LocalDate.of(2020, 1, 1).plusDays(day - 1L).atStartOfDay(ZoneOffset.UTC).toInstant());
            assertThat(layout.parseNanos(String.format("2020-%03d", day), null, FEBRUARY_2010)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({"3:04PM, 12:00PM, 12", "03:04PM, 12:00PM, 12", "3:04PM, 12:00AM, 0", "03:04PM, 12:00AM, 0"})
    void noonIs12PmAndMidnightIs12Am(String layout, String value, int hour) {
        // Test12PMIsNoon, Test12AMIsMidnight. The layout has no year: Promtail's year rule gives 2010, Go's would be 0.
        assertThat(GoTimeLayout.compile(layout).parseNanos(value, null, FEBRUARY_2010))
                .isEqualTo(nanosOf(Instant.parse("2010-01-01T00:00:00Z").plusSeconds(hour * 3600L)));
    }

    @Test
    void underscoreBeforeTheYearIsLiteral() {
        // TestUnderscoreTwoThousand (issue 11334).
        assertThat(GoTimeLayout.compile("15:04_20060102").parseNanos("14:38_20150618", null, FEBRUARY_2010))
                .isEqualTo(nanosOf(Instant.parse("2015-06-18T14:38:00Z")));
    }

    private static long nanosOf(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
