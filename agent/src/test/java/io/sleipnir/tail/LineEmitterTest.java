package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Splitter and emitter together, without files or threads: what reaches the sink, the counters, and the ack
 * tokens (a recording {@link TailPositions.GenerationAcks}, the tailer's own seam, stands in for positions).
 */
class LineEmitterTest {
    private static final String PATH = "/var/log/app.log";

    private final AgentMetrics metrics = new AgentMetrics();
    private final CollectingSink sink = new CollectingSink(true);
    private final Acks acks = new Acks();

    /**
     * Each delivery with its end offset; completed when every holder (one, plus those retained) completed it, as
     * the positions' tracker counts them. A holder completing twice fails the test.
     */
    private static final class Acks implements TailPositions.GenerationAcks {
        final List<Long> ends = new ArrayList<>();
        final List<Boolean> completed = new ArrayList<>();

        @Override
        public Delivery newDelivery(long endOffset) {
            int index = ends.size();
            ends.add(endOffset);
            completed.add(false);
            return new Delivery() {
                private int holders = 1;

                @Override
                public void retain(int more) {
                    assertThat(holders).as("retained after completion").isPositive();
                    holders += more;
                }

                @Override
                public void complete() {
                    assertThat(holders).as("completed more often than held").isPositive();
                    holders--;
                    completed.set(index, holders == 0);
                }
            };
        }

        @Override
        public void markTruncated() {
        }

        @Override
        public void finishReading() {
        }
    }

    private static TailSettings settings(int cap, boolean truncate) {
        return TailHarness.settings(cap, truncate, 4096);
    }

    /** Reads {@code content} as one file from offset 0 in reads of {@code quantum} bytes. */
    private TailedPath read(byte[] content, TailSettings settings, Clock clock) throws InterruptedException {
        FileTarget target = new FileTarget(PATH, List.of(), Labels.of("job", "test"), sink);
        TailedPath tp = new TailedPath(PATH, target, null /* the emitter needs no ledger */, metrics,
                new PollTimers(10, 40, 0));
        LineEmitter emitter = new LineEmitter(settings, metrics, clock);
        LineSplitter splitter = new LineSplitter((int) settings.maxLineBytes());
        int quantum = settings.readQuantumBytes();
        for (int at = 0; at < content.length; at += quantum) {
            int n = Math.min(quantum, content.length - at);
            byte[] chunk = new byte[quantum];
            System.arraycopy(content, at, chunk, 0, n);
            splitter.split(chunk, n, at, emitter.reading(tp, acks));
            tp.lines.report();
        }
        return tp;
    }

    private TailedPath read(String content, TailSettings settings) throws InterruptedException {
        return read(content.getBytes(StandardCharsets.UTF_8), settings, Clock.systemUTC());
    }

    @Test
    void linesReadTogetherGetStrictlyIncreasingTimestampsSoLokiKeepsRepeatedLines() throws Exception {
        Clock stopped = Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC);
        read("health check ok\nhealth check ok\nhealth check ok\n".getBytes(StandardCharsets.UTF_8),
                settings(1 << 20, false), stopped);
        List<Long> timestamps = sink.entries().stream().map(LogEntry::timestampNanos).toList();
        long readTime = 1_796_198_400L * 1_000_000_000L;
        assertThat(timestamps).containsExactly(readTime, readTime + 1, readTime + 2);
    }

    @Test
    void eachLineCarriesTheTargetsLabelsAndItsFilenameAndOneTokenEndingAtItsNewline() throws Exception {
        read("a1\r\na2\n", settings(1 << 20, false));
        assertThat(sink.lines()).containsExactly("a1\r", "a2");
        assertThat(sink.entries().get(0).labels().toMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of("job", "test", "filename", PATH));
        assertThat(acks.ends).containsExactly(4L, 7L);
        assertThat(acks.completed).containsOnly(true);
        assertThat(metrics.value("promtail_read_lines_total", "path", PATH)).isEqualTo(2);
    }

    @Test
    void longLinesAreTruncatedWithoutBufferingThemWhole() throws Exception {
        read("x".repeat(100_000) + "\nshort\n" + "é".repeat(600) + "\n", settings(1000, true));
        assertThat(sink.lines().get(0)).isEqualTo("x".repeat(1000));
        assertThat(sink.lines().get(1)).isEqualTo("short");
        assertThat(sink.lines().get(2)).isEqualTo("é".repeat(500)); // cut at a character boundary
        assertThat(sink.size()).isEqualTo(3);
        assertThat(metrics.value("sleipnir_bad_input_total", "kind", "long_line")).isEqualTo(2);
        assertThat(metrics.value("sleipnir_bad_input_total", "kind", "invalid_utf8")).isZero();
    }

    @Test
    void longLinesAreDroppedAndCountedWhenNotTruncatingAndTheirTokenStillMovesThePosition() throws Exception {
        String content = "x".repeat(100_000) + "\nshort\n";
        read(content, settings(1000, false));
        assertThat(sink.lines()).containsExactly("short");
        assertThat(metrics.value("logentry_dropped_lines_total", "reason", "line_too_long")).isEqualTo(1);
        // The dropped line's token is completed at once: the position reaches the end of the file.
        assertThat(acks.ends).containsExactly(100_001L, (long) content.length());
        assertThat(acks.completed).containsOnly(true);
        assertThat(metrics.value("promtail_read_lines_total", "path", PATH)).isEqualTo(2);
    }

    @Test
    void invalidUtf8AndBinaryAreReplacedAndCounted() throws Exception {
        byte[] content = {'o', 'k', '\n', (byte) 0xff, (byte) 0xfe, 'a', '\n', 0, 0, '\n', (byte) 0xc3, (byte) 0xa9, '\n'};
        read(content, settings(1 << 20, false), Clock.systemUTC());
        assertThat(sink.lines()).containsExactly("ok", "\uFFFD\uFFFDa", "\0\0", "é");
        assertThat(metrics.value("sleipnir_bad_input_total", "kind", "invalid_utf8")).isEqualTo(1);
    }

    @Test
    void aSinkThatThrowsLosesThatLineButNotTheFileNorItsPosition() throws Exception {
        FileTarget target = new FileTarget(PATH, List.of(), Labels.of("job", "test"), entry -> {
            if (entry.line().equals("bad")) {
                throw new IllegalStateException("a stage bug");
            }
            sink.accept(entry);
        });
        TailedPath tp = new TailedPath(PATH, target, null, metrics, new PollTimers(10, 40, 0));
        LineEmitter emitter = new LineEmitter(settings(1 << 20, false), metrics, Clock.systemUTC());
        byte[] bytes = "good\nbad\nafter\n".getBytes(StandardCharsets.UTF_8);
        new LineSplitter(1 << 20).split(bytes, bytes.length, 0, emitter.reading(tp, acks));
        assertThat(sink.lines()).containsExactly("good", "after");
        assertThat(acks.completed).containsExactly(true, true, true);
    }

    /**
     * A path two targets cover: each line goes to both, each copy with its target's labels, and its token completes
     * only when both copies did; one target's sink failing on a line loses only that copy.
     */
    @Test
    void eachLineGoesToEveryCoveringTargetAndCompletesWhenEveryCopyDid() throws Exception {
        CollectingSink held = new CollectingSink(false);
        FileTarget first = new FileTarget(PATH, List.of(), Labels.of("job", "first"), entry -> {
            if (entry.line().equals("bad")) {
                throw new IllegalStateException("a stage bug");
            }
            sink.accept(entry);
        });
        FileTarget second = new FileTarget(PATH, List.of(), Labels.of("job", "second"), held);
        TailedPath tp = new TailedPath(PATH, List.of(first, second), null, metrics, new PollTimers(10, 40, 0),
                new FilePause(() -> { }));
        LineEmitter emitter = new LineEmitter(settings(1 << 20, false), metrics, Clock.systemUTC());
        byte[] bytes = "good\nbad\nafter\n".getBytes(StandardCharsets.UTF_8);
        new LineSplitter(1 << 20).split(bytes, bytes.length, 0, emitter.reading(tp, acks));

        assertThat(sink.lines()).containsExactly("good", "after");
        assertThat(held.lines()).containsExactly("good", "bad", "after");
        assertThat(sink.entries().get(0).labels().toMap()).isEqualTo(Map.of("job", "first", "filename", PATH));
        assertThat(held.entries().get(0).labels().toMap()).isEqualTo(Map.of("job", "second", "filename", PATH));
        assertThat(held.entries().get(0).timestampNanos()).isEqualTo(sink.entries().get(0).timestampNanos());
        assertThat(acks.completed).as("the second target holds its copies").containsExactly(false, false, false);
        held.completeHeld();
        assertThat(acks.completed).containsExactly(true, true, true);
    }

    /**
     * An ASCII line goes on as a copy of its bytes (the read buffer is reused for the next read: the entry must not
     * change with it); any other line as text, decoded and checked.
     */
    @Test
    void anAsciiLineTravelsAsItsOwnCopyOfTheBytesAndOtherLinesAsText() throws Exception {
        FileTarget target = new FileTarget(PATH, List.of(), Labels.of("job", "test"), sink);
        TailedPath tp = new TailedPath(PATH, target, null, metrics, new PollTimers(10, 40, 0));
        LineEmitter emitter = new LineEmitter(settings(1 << 20, false), metrics, Clock.systemUTC());
        byte[] buffer = "plain ascii line\ncaf\u00e9 au lait\n".getBytes(StandardCharsets.UTF_8);

        new LineSplitter(1 << 20).split(buffer, buffer.length, 0, emitter.reading(tp, acks));
        java.util.Arrays.fill(buffer, (byte) 'z');

        assertThat(sink.entries()).extracting(LogEntry::line).containsExactly("plain ascii line", "caf\u00e9 au lait");
        assertThat(sink.entries().get(0).utf8()).isNotNull();
        assertThat(sink.entries().get(0).utf8Length()).isEqualTo(16);
        assertThat(sink.entries().get(1).utf8()).isNull();
        assertThat(sink.entries().get(1).utf8Length()).isEqualTo(13);
    }
}
