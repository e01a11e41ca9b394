package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.StageConfig;
import io.sleipnir.golang.Rfc3339Test;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriStageTest {
    static final long READ_TIME = 1_700_000_000_000_000_000L;
    static final Labels FILE_A = Labels.of("filename", "/var/log/pods/a/0.log", "job", "pods");
    static final Labels FILE_B = Labels.of("filename", "/var/log/pods/b/0.log", "job", "pods");

    final AgentMetrics metrics = new AgentMetrics();
    final StageContext context = new StageContext("pods", metrics, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    final RecordingSink out = new RecordingSink();
    final List<CountingDelivery> deliveries = new ArrayList<>();

    CriStage stage(int maxPartialLines, long maxPartialLineSize, boolean truncate) {
        return new CriStage(new CriStage.Config(maxPartialLines, maxPartialLineSize, truncate), context);
    }

    CountingDelivery feed(CriStage stage, Labels labels, String line) throws InterruptedException {
        CountingDelivery d = new CountingDelivery("line" + deliveries.size());
        deliveries.add(d);
        stage.process(LogEntry.of(READ_TIME, line, labels, d), out);
        return d;
    }

    double malformed() {
        return metrics.value("sleipnir_bad_input_total", "kind", "malformed_cri");
    }

    @Test
    void parsesPromtailsDocumentedExample() throws Exception {
        CriStage cri = stage(100, 0, false);
        CountingDelivery d = feed(cri, FILE_A, "2019-04-30T02:12:41.8443515Z stdout F message");

        assertThat(out.entries).hasSize(1);
        LogEntry e = out.entries.get(0);
        assertThat(e.line()).isEqualTo("message");
        assertThat(e.labels()).isEqualTo(FILE_A.with("stream", "stdout"));
        assertThat(e.timestampNanos()).isEqualTo(Rfc3339Test.nanos("2019-04-30T02:12:41.8443515Z"));
        assertThat(e.delivery()).isSameAs(d);
        assertThat(d.completed).isZero();
        assertThat(malformed()).isZero();
    }

    @Test
    void keepsContentVerbatimIncludingSpacesTabsAndEmptyContent() throws Exception {
        CriStage cri = stage(100, 0, false);
        feed(cri, FILE_A, "2026-11-25T10:00:00.123456789Z stderr F  two  spaces\tand tab ");
        feed(cri, FILE_A, "2026-11-25T10:00:00.123456789Z stdout F ");

        assertThat(out.lines()).containsExactly(" two  spaces\tand tab ", "");
        assertThat(out.entries.get(0).labels().get("stream")).isEqualTo("stderr");
    }

    @Test
    void timestampWithOffsetIsConvertedToUtc() throws Exception {
        CriStage cri = stage(100, 0, false);
        feed(cri, FILE_A, "2026-01-01T01:00:00+01:00 stdout F x");

        assertThat(out.entries.get(0).timestampNanos())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
    }

    @Test
    void mergesPartialFragmentsWithNoSeparatorAndTheFullLinesTimestamp() throws Exception {
        CriStage cri = stage(100, 0, false);
        CountingDelivery first = feed(cri, FILE_A, "2019-05-07T18:57:50.904275087+00:00 stdout P partial line 1 ");
        CountingDelivery second = feed(cri, FILE_A, "2019-05-07T18:57:51.904275087+00:00 stdout P partial line 2 ");
        assertThat(out.entries).isEmpty();
        CountingDelivery last = feed(cri, FILE_A, "2019-05-07T18:57:55.904275087+00:00 stdout F log finished");

        assertThat(out.lines()).containsExactly("partial line 1 partial line 2 log finished");
        LogEntry merged = out.entries.get(0);
        assertThat(merged.timestampNanos()).isEqualTo(Rfc3339Test.nanos("2019-05-07T18:57:55.904275087+00:00"));
        assertThat(merged.labels()).isEqualTo(FILE_A.with("stream", "stdout"));
        // The merged entry carries the first fragment's token, still open; the others are done.
        assertThat(merged.delivery()).isSameAs(first);
        assertThat(first.completed).isZero();
        assertThat(second.completed).isEqualTo(1);
        assertThat(last.completed).isEqualTo(1);
        assertThat(cri.pendingStreams()).isZero();
    }

    /** Promtail extensions.go (cri.Run): a line is partial only when the extracted flags equal "P". */
    @Test
    void promtailExtensionsGo_onlyTheExactFlagPIsPartial() throws Exception {
        CriStage cri = stage(100, 0, false);
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout PF a");
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout F b");
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P:x c");
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P d");
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout F:y e");

        assertThat(out.lines()).containsExactly("a", "b", "c", "de");
    }

    @Test
    void keepsInterleavedStdoutAndStderrPartialsApart() throws Exception {
        CriStage cri = stage(100, 0, false);
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P out1 ");
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stderr P err1 ");
        feed(cri, FILE_A, "2019-05-07T18:57:51Z stdout P out2 ");
        feed(cri, FILE_A, "2019-05-07T18:57:52Z stderr F err2");
        feed(cri, FILE_A, "2019-05-07T18:57:53Z stdout F out3");

        assertThat(out.lines()).containsExactly("err1 err2", "out1 out2 out3");
        assertThat(out.entries.get(0).labels().get("stream")).isEqualTo("stderr");
        assertThat(out.entries.get(1).labels().get("stream")).isEqualTo("stdout");
    }

    @Test
    void keepsPartialsOfDifferentFilesApart() throws Exception {
        CriStage cri = stage(100, 0, false);
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P partial line 1 ");
        feed(cri, FILE_B, "2019-05-07T18:57:50Z stdout P partial line 2 ");
        feed(cri, FILE_A, "2019-05-07T18:57:55Z stdout F log finished");
        feed(cri, FILE_B, "2019-05-07T18:57:55Z stdout F another full log");

        assertThat(out.lines()).containsExactly("partial line 1 log finished", "partial line 2 another full log");
        assertThat(out.entries.get(1).labels().get("filename")).isEqualTo("/var/log/pods/b/0.log");
    }

    @Test
    void moreStreamsWithPartialsThanMaxPartialLinesFlushesThemUnmerged() throws Exception {
        CriStage cri = stage(2, 0, false);
        CountingDelivery a1 = feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P a1 ");
        feed(cri, FILE_A, "2019-05-07T18:57:51Z stdout P a2 ");
        CountingDelivery b1 = feed(cri, FILE_B, "2019-05-07T18:57:52Z stdout P b1 ");
        assertThat(out.entries).isEmpty();

        CountingDelivery c1 = feed(cri, FILE_A, "2019-05-07T18:57:53Z stderr P c1 ");

        assertThat(out.lines()).containsExactly("a1 a2 ", "b1 ");
        assertThat(out.entries.get(0).delivery()).isSameAs(a1);
        assertThat(out.entries.get(0).timestampNanos()).isEqualTo(Rfc3339Test.nanos("2019-05-07T18:57:51Z"));
        assertThat(out.entries.get(1).delivery()).isSameAs(b1);
        assertThat(cri.pendingStreams()).isEqualTo(1);

        feed(cri, FILE_A, "2019-05-07T18:57:54Z stderr F c2");
        assertThat(out.lines()).containsExactly("a1 a2 ", "b1 ", "c1 c2");
        assertThat(out.entries.get(2).delivery()).isSameAs(c1);
        assertThat(c1.completed).isZero();
    }

    @Test
    void truncatesTheReassembledLineLikePromtail() throws Exception {
        // Promtail's "tag P multi-stream with truncation" case.
        CriStage cri = stage(100, 11, true);
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P partial line 1 ");
        feed(cri, FILE_B, "2019-05-07T18:57:50Z stdout P partial");
        CountingDelivery dropped = feed(cri, FILE_A, "2019-05-07T18:57:55Z stdout F log finished");
        feed(cri, FILE_B, "2019-05-07T18:57:55Z stdout F full");

        assertThat(out.lines()).containsExactly("partial lin", "partialfull");
        assertThat(dropped.completed).isEqualTo(1);
        assertThat(metrics.value("sleipnir_bad_input_total", "kind", "long_line")).isEqualTo(1);
    }

    @Test
    void truncationNeverSplitsAUtf8Character() throws Exception {
        CriStage cri = stage(100, 4, true);
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P aé");
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P 😀");
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout F z");

        // "aé" is 3 bytes; the 4-byte emoji does not fit in the remaining byte and is not cut in half.
        assertThat(out.lines()).containsExactly("aé");
    }

    @Test
    void aStreamOfPartialsWithoutAnEndIsFlushedOnceItHoldsTheByteCap() throws Exception {
        CriStage cri = new CriStage(CriStage.Config.defaults(), context, 10);
        CountingDelivery first = feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P 123456");
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P 789012");
        CountingDelivery next = feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P abc");
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout F def");

        assertThat(out.lines()).containsExactly("123456789012", "abcdef");
        assertThat(out.entries.get(0).delivery()).isSameAs(first);
        assertThat(out.entries.get(1).delivery()).isSameAs(next);
    }

    @Test
    void flushEmitsPendingPartials() throws Exception {
        CriStage cri = stage(100, 0, false);
        CountingDelivery d = feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout P dangling");

        cri.flush(out);

        assertThat(out.lines()).containsExactly("dangling");
        assertThat(out.entries.get(0).delivery()).isSameAs(d);
        assertThat(cri.pendingStreams()).isZero();
    }

    @Test
    void passesMalformedLinesThroughUnchangedWithTheirReadTime() throws Exception {
        CriStage cri = stage(100, 0, false);
        List<String> bad = List.of(
                "plain text line",
                "2019-05-07T18:57:50Z stdlog F x",
                "2019-05-07T18:57:50Z stdout F",
                "2019-05-07T18:57:50Z stdout  F x",
                " stdout F x",
                "2019-05-07T18:57:50Z\tstdout F x",
                "");
        for (String line : bad) {
            feed(cri, FILE_A, line);
        }

        assertThat(out.lines()).containsExactlyElementsOf(bad);
        assertThat(out.entries).allSatisfy(e -> {
            assertThat(e.timestampNanos()).isEqualTo(READ_TIME);
            assertThat(e.labels()).isEqualTo(FILE_A);
        });
        assertThat(deliveries).allSatisfy(d -> assertThat(d.completed).isZero());
        assertThat(malformed()).isEqualTo(bad.size());
    }

    @Test
    void aLineWithAnUnparsableTimeKeepsItsReadTimeButIsStillParsed() throws Exception {
        CriStage cri = stage(100, 0, false);
        feed(cri, FILE_A, "yesterday stdout F hello");

        assertThat(out.lines()).containsExactly("hello");
        assertThat(out.entries.get(0).timestampNanos()).isEqualTo(READ_TIME);
        assertThat(out.entries.get(0).labels().get("stream")).isEqualTo("stdout");
        assertThat(malformed()).isEqualTo(1);
    }

    /** Promtail extensions.go (NewCRI) builds cri on a timestamp stage, whose default action_on_failure is fudge. */
    @Test
    void promtailTimestampMd_anUnparsableTimeAfterAGoodLineIsTheLastGoodTimePlusOneNanosecond() throws Exception {
        CriStage cri = stage(100, 0, false);
        feed(cri, FILE_A, "2023-10-10T13:55:36.5Z stdout F good");
        feed(cri, FILE_A, "yesterday stdout F x");
        feed(cri, FILE_A, "not cri at all");
        feed(cri, FILE_A, "yesterday stderr F other stream");

        long good = Rfc3339Test.nanos("2023-10-10T13:55:36.5Z");
        assertThat(out.lines()).containsExactly("good", "x", "not cri at all", "other stream");
        assertThat(out.entries).extracting(LogEntry::timestampNanos)
                .containsExactly(good, good + 1, READ_TIME, READ_TIME);
    }

    @Test
    void reusesTheSameLabelSetForEveryLineOfAStream() throws Exception {
        CriStage cri = stage(100, 0, false);
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout F a");
        feed(cri, FILE_A, "2019-05-07T18:57:50Z stdout F b");

        assertThat(out.entries.get(0).labels()).isSameAs(out.entries.get(1).labels());
    }

    /**
     * A line held as its UTF-8 bytes (a tailed ASCII line) and the same line held as text come out of the last stage
     * alike: line, labels, timestamp, token, merged partials and the malformed count. Lines are drawn from pieces
     * that hit every branch of the parse: good and bad times, both streams and a wrong one, P and F and odd flags,
     * non-ASCII and RE2 spaces in each field.
     */
    @net.jqwik.api.Property(tries = 300)
    void aLineHeldAsBytesComesOutAsTheSameLineHeldAsText(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.Size(max = 12) List<
                    @net.jqwik.api.constraints.IntRange(min = 0, max = 9999) Integer> picks) throws Exception {
        String[] times = {"2019-04-30T02:12:41.8443515Z", "2026-11-25T10:00:00+02:00", "yesterday", "",
            "2026-11-25T10:00:00Z\u00e9", "2026-11-25\tT10:00:00Z", "2026-11-25T10:00:00,5Z"};
        String[] streams = {"stdout", "stderr", "stdin", "stdout\u00e9"};
        String[] flags = {"F", "P", "PF", "P:x", "", "\u00e9", "F\rF"};
        String[] contents = {"message", "", " two  spaces\tand tab ", "caf\u00e9", "\u00e9 P x", "a\nb"};
        List<String> lines = new ArrayList<>();
        for (int pick : picks) {
            String line = times[pick % times.length] + " " + streams[pick / 7 % streams.length] + " "
                    + flags[pick / 28 % flags.length] + " " + contents[pick / 196 % contents.length];
            lines.add(pick / 1176 % 5 == 0 ? line.substring(0, (pick / 3) % (line.length() + 1)) : line);
        }
        AgentMetrics textMetrics = new AgentMetrics();
        AgentMetrics bytesMetrics = new AgentMetrics();
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        CriStage asText = new CriStage(CriStage.Config.defaults(), new StageContext("pods", textMetrics, clock),
                PartialLines.DEFAULT_MAX_BUFFERED_BYTES, false);
        CriStage asBytes = new CriStage(CriStage.Config.defaults(), new StageContext("pods", bytesMetrics, clock),
                PartialLines.DEFAULT_MAX_BUFFERED_BYTES, false);
        RecordingSink textOut = new RecordingSink();
        RecordingSink bytesOut = new RecordingSink();
        List<CountingDelivery> textTokens = new ArrayList<>();
        List<CountingDelivery> bytesTokens = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            CountingDelivery t = new CountingDelivery("line" + i);
            CountingDelivery b = new CountingDelivery("line" + i);
            textTokens.add(t);
            bytesTokens.add(b);
            asText.process(LogEntry.of(READ_TIME + i, line, FILE_A, t), textOut);
            byte[] utf8 = ("xx" + line + "yy").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            asBytes.process(LogEntry.ofUtf8(READ_TIME + i, utf8, 2, utf8.length - 4, FILE_A, Labels.empty(), b),
                    bytesOut);
        }
        asText.flush((io.sleipnir.model.EntrySink) textOut);
        asBytes.flush((io.sleipnir.model.EntrySink) bytesOut);

        assertThat(bytesOut.entries).hasSameSizeAs(textOut.entries);
        for (int i = 0; i < textOut.entries.size(); i++) {
            LogEntry t = textOut.entries.get(i);
            LogEntry b = bytesOut.entries.get(i);
            assertThat(b.line()).isEqualTo(t.line());
            assertThat(b.utf8Length()).isEqualTo(t.line().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            assertThat(b.labels()).isEqualTo(t.labels());
            assertThat(b.timestampNanos()).isEqualTo(t.timestampNanos());
            assertThat(b.delivery().toString()).isEqualTo(t.delivery().toString());
        }
        assertThat(bytesTokens).extracting(d -> d.completed).isEqualTo(textTokens.stream().map(d -> d.completed).toList());
        assertThat(bytesMetrics.value("sleipnir_bad_input_total", "kind", "malformed_cri"))
                .isEqualTo(textMetrics.value("sleipnir_bad_input_total", "kind", "malformed_cri"));
    }

    @Test
    void aWellFormedAsciiLineHeldAsBytesLeavesTheLastStageAsASliceOfTheSameBytes() throws Exception {
        CriStage last = new CriStage(CriStage.Config.defaults(), context, PartialLines.DEFAULT_MAX_BUFFERED_BYTES, false);
        byte[] utf8 = "2019-04-30T02:12:41.8443515Z stdout F message".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        last.process(LogEntry.ofUtf8(READ_TIME, utf8, 0, utf8.length, FILE_A, Labels.empty(), new CountingDelivery("a")),
                out);

        LogEntry e = out.entries.get(0);
        assertThat(e.utf8()).isSameAs(utf8);
        assertThat(e.utf8Offset()).isEqualTo(utf8.length - "message".length());
        assertThat(e.line()).isEqualTo("message");
        assertThat(e.timestampNanos()).isEqualTo(Rfc3339Test.nanos("2019-04-30T02:12:41.8443515Z"));
    }
}
