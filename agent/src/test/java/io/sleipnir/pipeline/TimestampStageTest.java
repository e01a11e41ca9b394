package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.StageConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.MutableClock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** timestamp: Promtail's doc examples, Go layouts and named formats, fallbacks, fudge and skip, bad input. */
class TimestampStageTest {
    private static final Labels APP = Labels.of("app", "a");

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Parses {@code value} with a timestamp stage of the given options (YAML flow map body). */
    private static long parse(String options, String value) throws Exception {
        StagesHarness h = new StagesHarness("- timestamp: {source: t, " + options + "}");
        PipelineEntry e = PipelineEntry.of(LogEntry.of(StagesHarness.READ_TIME, "line", APP, new CountingDelivery("d")));
        e.extract("t", value);
        List<PipelineEntry> out = new ArrayList<>();
        h.stages.get(0).process(e, out::add);
        return out.get(0).timestampNanos();
    }

    @Test
    void docExampleRfc3339Nano() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json: {expressions: {time: }}
                - timestamp:
                    source: time
                    format: RFC3339Nano
                """);
        assertThat(h.run("{\"time\":\"2019-01-01T01:00:00.000000001Z\"}").timestampNanos())
                .isEqualTo(nanos("2019-01-01T01:00:00.000000001Z"));
    }

    @Test
    void namedFormats() throws Exception {
        assertThat(parse("format: RFC3339", "2019-01-01T01:00:00+01:00")).isEqualTo(nanos("2019-01-01T00:00:00Z"));
        assertThat(parse("format: RFC3339", "2019-01-01T01:00:00.5Z")).isEqualTo(nanos("2019-01-01T01:00:00.5Z"));
        assertThat(parse("format: ANSIC", "Mon Jan  2 15:04:05 2006")).isEqualTo(nanos("2006-01-02T15:04:05Z"));
        assertThat(parse("format: UnixDate", "Mon Jan  2 15:04:05 UTC 2006")).isEqualTo(nanos("2006-01-02T15:04:05Z"));
        assertThat(parse("format: RubyDate", "Mon Jan 02 15:04:05 -0700 2006")).isEqualTo(nanos("2006-01-02T22:04:05Z"));
        assertThat(parse("format: RFC822", "02 Jan 06 15:04 UTC")).isEqualTo(nanos("2006-01-02T15:04:00Z"));
        assertThat(parse("format: RFC822Z", "02 Jan 06 15:04 +0200")).isEqualTo(nanos("2006-01-02T13:04:00Z"));
        assertThat(parse("format: RFC850", "Monday, 02-Jan-06 15:04:05 GMT")).isEqualTo(nanos("2006-01-02T15:04:05Z"));
        assertThat(parse("format: RFC1123", "Mon, 02 Jan 2006 15:04:05 UTC")).isEqualTo(nanos("2006-01-02T15:04:05Z"));
        assertThat(parse("format: RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0100")).isEqualTo(nanos("2006-01-02T16:04:05Z"));
    }

    @Test
    void unixFormatsIncludingAFractionOfSeconds() throws Exception {
        assertThat(parse("format: Unix", "1562708916")).isEqualTo(1_562_708_916_000_000_000L);
        assertThat(parse("format: Unix", "1562708916.414123")).isEqualTo(1_562_708_916_414_123_000L);
        assertThat(parse("format: UnixMs", "1562708916414")).isEqualTo(1_562_708_916_414_000_000L);
        assertThat(parse("format: UnixUs", "1562708916414123")).isEqualTo(1_562_708_916_414_123_000L);
        assertThat(parse("format: UnixNs", "1562708916414123456")).isEqualTo(1_562_708_916_414_123_456L);
    }

    @Test
    void aJsonNumberIsReadAsItsText() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json: {expressions: {ts: }}
                - timestamp: {source: ts, format: Unix}
                """);
        assertThat(h.run("{\"ts\": 1562708916.5}").timestampNanos()).isEqualTo(1_562_708_916_500_000_000L);
    }

    @Test
    void goReferenceLayouts() throws Exception {
        assertThat(parse("format: '2006-01-02T15:04:05.999999999Z07:00'", "2024-03-01T10:11:12.123Z"))
                .isEqualTo(nanos("2024-03-01T10:11:12.123Z"));
        assertThat(parse("format: '02/Jan/2006:15:04:05 -0700'", "25/Jan/2000:14:00:01 -0500"))
                .isEqualTo(nanos("2000-01-25T19:00:01Z"));
        assertThat(parse("format: '2006-01-02 15:04:05.000'", "2024-03-01 10:11:12.345"))
                .isEqualTo(nanos("2024-03-01T10:11:12.345Z"));
        assertThat(parse("format: '2006-01-02 15:04:05,000'", "2024-03-01 10:11:12,345"))
                .isEqualTo(nanos("2024-03-01T10:11:12.345Z"));
        // A fraction right after the seconds is accepted although the layout has none, as in Go.
        assertThat(parse("format: '2006-01-02 15:04:05'", "2024-03-01 10:11:12.5"))
                .isEqualTo(nanos("2024-03-01T10:11:12.5Z"));
        assertThat(parse("format: '2006-01-02 3:04:05 PM'", "2024-03-01 1:02:03 PM"))
                .isEqualTo(nanos("2024-03-01T13:02:03Z"));
        assertThat(parse("format: 'January 2, 2006 15:04'", "march 9, 2024 08:30"))
                .isEqualTo(nanos("2024-03-09T08:30:00Z"));
    }

    @Test
    void locationAppliesToLayoutsWithoutAZone() throws Exception {
        assertThat(parse("format: '2006-01-02 15:04:05', location: Europe/Berlin", "2024-07-01 12:00:00"))
                .isEqualTo(nanos("2024-07-01T10:00:00Z"));
        assertThat(parse("format: '2006-01-02 15:04:05', location: Europe/Berlin", "2024-01-01 12:00:00"))
                .isEqualTo(nanos("2024-01-01T11:00:00Z"));
        // An explicit offset wins over the location.
        assertThat(parse("format: '2006-01-02 15:04:05 -0700', location: Europe/Berlin", "2024-01-01 12:00:00 +0000"))
                .isEqualTo(nanos("2024-01-01T12:00:00Z"));
    }

    @Test
    void zoneAbbreviationsAsGoReadsThem() throws Exception {
        // Known to the location: its offset. Unknown: offset 0, as Go invents a zero-offset zone for it.
        assertThat(parse("format: '2006-01-02 15:04:05 MST', location: America/Los_Angeles", "2010-02-04 21:00:57 PST"))
                .isEqualTo(nanos("2010-02-05T05:00:57Z"));
        assertThat(parse("format: '2006-01-02 15:04:05 MST'", "2010-02-04 21:00:57 PST"))
                .isEqualTo(nanos("2010-02-04T21:00:57Z"));
        // GMT+h: Go fabricates a zone of h hours but keeps the wall clock as UTC (time.parse sets the location
        // without moving the instant; format_test.go's "GMT-8" row reads back as 21:00:57 at -08:00).
        assertThat(parse("format: '2006-01-02 15:04:05 MST'", "2010-02-04 21:00:57 GMT+2"))
                .isEqualTo(nanos("2010-02-04T21:00:57Z"));
    }

    /**
     * Go's time.Date (time.go: "In such cases, the choice of time zone, and therefore the time, is not
     * guaranteed"; its algorithm looks the offset up at the local time read as UTC, then again at the instant that
     * gives), which Promtail's time.ParseInLocation uses for a layout without a zone (timestamp.md, location).
     */
    @Test
    void goTimeDate_dstGapAndOverlapTakeTheOffsetGoPicks() throws Exception {
        String berlin = "format: '2006-01-02 15:04:05', location: Europe/Berlin";
        assertThat(parse(berlin, "2023-03-26 02:30:00")).isEqualTo(nanos("2023-03-26T01:30:00Z")); // gap
        assertThat(parse(berlin, "2023-10-29 02:30:00")).isEqualTo(nanos("2023-10-29T01:30:00Z")); // overlap
        assertThat(parse(berlin, "2023-03-26 01:59:59")).isEqualTo(nanos("2023-03-26T00:59:59Z"));
        assertThat(parse(berlin, "2023-03-26 03:00:00")).isEqualTo(nanos("2023-03-26T01:00:00Z"));
        String newYork = "format: '2006-01-02 15:04:05', location: America/New_York";
        assertThat(parse(newYork, "2023-03-12 02:30:00")).isEqualTo(nanos("2023-03-12T06:30:00Z")); // gap
        assertThat(parse(newYork, "2023-11-05 01:30:00")).isEqualTo(nanos("2023-11-05T05:30:00Z")); // overlap
        String london = "format: '2006-01-02 15:04:05', location: Europe/London";
        assertThat(parse(london, "2023-03-26 01:30:00")).isEqualTo(nanos("2023-03-26T01:30:00Z")); // gap, offset 0 first
    }

    /**
     * Go's time.parse with a zone abbreviation and a location: Location.lookupName takes a zone of that name in
     * effect at the time, else any zone of that name the location has (time/zoneinfo.go), so CET in October is +1.
     */
    @Test
    void goLookupName_anAbbreviationOfTheLocationNotInEffectStillTakesItsOffset() throws Exception {
        String layout = "format: '2006-01-02 15:04:05 MST', location: Europe/Berlin";
        assertThat(parse(layout, "2023-10-10 13:55:36 CET")).isEqualTo(nanos("2023-10-10T12:55:36Z"));
        assertThat(parse(layout, "2023-10-10 13:55:36 CEST")).isEqualTo(nanos("2023-10-10T11:55:36Z"));
        assertThat(parse(layout, "2024-01-10 12:00:00 CEST")).isEqualTo(nanos("2024-01-10T10:00:00Z"));
        assertThat(parse(layout, "2024-01-10 12:00:00 CET")).isEqualTo(nanos("2024-01-10T11:00:00Z"));
        // Not a name of the location: Go's fake zone, which keeps the wall clock as UTC (GMT+h too).
        assertThat(parse(layout, "2024-01-10 12:00:00 GMT+3")).isEqualTo(nanos("2024-01-10T12:00:00Z"));
        assertThat(parse(layout, "2024-01-10 12:00:00 XYZ")).isEqualTo(nanos("2024-01-10T12:00:00Z"));
    }

    /** An entry timestamp is a long of nanoseconds: the last second that fits parses, the next does not. */
    @Test
    void theEdgesOfInt64NanosecondsParseAndTimesBeyondThemFallBack() throws Exception {
        assertThat(parse("format: RFC3339", "2262-04-11T23:47:16Z")).isEqualTo(9_223_372_036_000_000_000L);
        assertThat(parse("format: RFC3339Nano", "2262-04-11T23:47:16.854775807Z")).isEqualTo(Long.MAX_VALUE);
        assertThat(parse("format: '2006-01-02T15:04:05Z07:00'", "2262-04-11T23:47:16Z"))
                .isEqualTo(9_223_372_036_000_000_000L);
        assertThat(parse("format: RFC3339", "1677-09-21T00:12:44Z")).isEqualTo(-9_223_372_036_000_000_000L);
        // Go parses these (years 0000-9999) and Promtail pushes them; here they have no timestamp (README).
        for (String outside : List.of("2262-04-11T23:47:17Z", "1677-09-21T00:12:43Z", "1677-01-01T00:00:00Z",
                "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z")) {
            assertThat(parse("format: RFC3339", outside)).as(outside).isEqualTo(StagesHarness.READ_TIME);
            assertThat(parse("format: '2006-01-02T15:04:05Z07:00'", outside)).as(outside)
                    .isEqualTo(StagesHarness.READ_TIME);
        }
    }

    @Test
    void aLayoutWithoutYearTakesTheClocksYearAndCrossesNewYearCorrectly() throws Exception {
        // StagesHarness's clock says 2026-11-25.
        assertThat(parse("format: 'Jan _2 15:04:05'", "Nov  5 13:57:01")).isEqualTo(nanos("2026-11-05T13:57:01Z"));
        // Only December/January cross the year: a January line read in November is this year's.
        assertThat(parse("format: 'Jan _2 15:04:05'", "Jan 10 01:00:00")).isEqualTo(nanos("2026-01-10T01:00:00Z"));

        AgentMetrics metrics = new AgentMetrics();
        MutableClock january = new MutableClock(Instant.parse("2027-01-01T00:00:05Z"));
        TimestampStage.Config config = (TimestampStage.Config) StagesHarness.parse(
                "- timestamp: {source: t, format: 'Jan _2 15:04:05'}").get(0);
        TimestampStage stage = new TimestampStage(config, new StageContext("j", metrics, january));
        PipelineEntry e = PipelineEntry.of(LogEntry.of(1, "x", APP, new CountingDelivery("d")));
        e.extract("t", "Dec 31 23:59:59");
        stage.apply(e);
        assertThat(e.timestampNanos()).isEqualTo(nanos("2026-12-31T23:59:59Z"));
    }

    @Test
    void fallbackFormatsAreTriedInOrder() throws Exception {
        String options = "format: RFC3339, fallback_formats: [UnixMs, '2006-01-02']";
        assertThat(parse(options, "2024-03-01T00:00:00Z")).isEqualTo(nanos("2024-03-01T00:00:00Z"));
        assertThat(parse(options, "1709251200000")).isEqualTo(nanos("2024-03-01T00:00:00Z"));
        assertThat(parse(options, "2024-03-01")).isEqualTo(nanos("2024-03-01T00:00:00Z"));
        assertThat(parse(options, "yesterday")).isEqualTo(StagesHarness.READ_TIME);
    }

    @Test
    void textThatDoesNotParseKeepsTheReadTimeAndIsCounted() throws Exception {
        StagesHarness h = new StagesHarness("- timestamp: {source: t, format: RFC3339}");
        for (String bad : List.of("2019-02-30T00:00:00Z", "2019-01-01T25:00:00Z", "2019-01-01", "2019-01-01T00:00:00Zjunk")) {
            PipelineEntry e = PipelineEntry.of(LogEntry.of(StagesHarness.READ_TIME, "l", APP, new CountingDelivery("d")));
            e.extract("t", bad);
            h.stages.get(0).process(e, x -> { });
            assertThat(e.timestampNanos()).as(bad).isEqualTo(StagesHarness.READ_TIME);
        }
        assertThat(parse("format: '2006-01-02 15:04:05.000'", "2024-03-01 10:11:12.34")).isEqualTo(StagesHarness.READ_TIME);
        assertThat(parse("format: UnixMs", "12.5")).isEqualTo(StagesHarness.READ_TIME);
        assertThat(h.metrics.value("sleipnir_bad_input_total", "kind", "timestamp")).isEqualTo(4);
    }

    @Test
    void fudgeGivesTheStreamsLastTimestampPlusOneNanosecond() throws Exception {
        StagesHarness h = new StagesHarness("- timestamp: {source: t, format: RFC3339Nano}");
        Stage stage = h.stages.get(0);
        long good = nanos("2024-03-01T00:00:00.000000100Z");
        assertThat(process(stage, APP, "2024-03-01T00:00:00.000000100Z")).isEqualTo(good);
        assertThat(process(stage, APP, "garbage")).isEqualTo(good + 1);
        assertThat(process(stage, APP, null)).isEqualTo(good + 2); // a missing source fails too
        // Another stream has no last timestamp yet: it keeps its read time.
        assertThat(process(stage, Labels.of("app", "b"), "garbage")).isEqualTo(StagesHarness.READ_TIME);
    }

    /** timestamp.go keys the last known timestamp by labels.String(): interleaved streams keep their own. */
    @Test
    void fudgeKeepsEachInterleavedStreamsOwnLastTimestamp() throws Exception {
        Stage stage = new StagesHarness("- timestamp: {source: t, format: RFC3339Nano}").stages.get(0);
        Labels b = Labels.of("app", "b");
        Labels sameAsApp = Labels.of("app", "a"); // equal to APP, another instance
        long a1 = nanos("2024-03-01T00:00:01Z");
        long b1 = nanos("2024-03-01T00:00:02Z");
        assertThat(process(stage, APP, "2024-03-01T00:00:01Z")).isEqualTo(a1);
        assertThat(process(stage, b, "2024-03-01T00:00:02Z")).isEqualTo(b1);
        assertThat(process(stage, APP, "garbage")).isEqualTo(a1 + 1);
        assertThat(process(stage, b, "garbage")).isEqualTo(b1 + 1);
        assertThat(process(stage, sameAsApp, "garbage")).isEqualTo(a1 + 2);
        assertThat(process(stage, b, "garbage")).isEqualTo(b1 + 2);
        assertThat(process(stage, APP, "garbage")).isEqualTo(a1 + 3);
    }

    @Test
    void skipKeepsTheReadTime() throws Exception {
        StagesHarness h = new StagesHarness("- timestamp: {source: t, format: RFC3339Nano, action_on_failure: skip}");
        Stage stage = h.stages.get(0);
        process(stage, APP, "2024-03-01T00:00:00Z");
        assertThat(process(stage, APP, "garbage")).isEqualTo(StagesHarness.READ_TIME);
    }

    private static long process(Stage stage, Labels labels, String value) throws Exception {
        PipelineEntry e = PipelineEntry.of(LogEntry.of(StagesHarness.READ_TIME, "l", labels, new CountingDelivery("d")));
        if (value != null) {
            e.extract("t", value);
        }
        stage.process(e, x -> { });
        return e.timestampNanos();
    }

    @Test
    void parsingIsCheapEnoughForTheHotPath() {
        // Not a benchmark (see bench/): a guard against an accidental exception or regex per parse.
        TimestampStage.Config c = (TimestampStage.Config) StagesHarness.parse(
                "- timestamp: {source: t, format: '02/Jan/2006:15:04:05 -0700'}").get(0);
        ZoneId utc = ZoneId.of("UTC");
        long t = 0;
        for (int i = 0; i < 200_000; i++) {
            t += c.format().parseNanos("25/Jan/2000:14:00:01 -0500", utc, java.time.Clock.systemUTC());
        }
        assertThat(t).isEqualTo(200_000L * nanos("2000-01-25T19:00:01Z"));
    }
}
