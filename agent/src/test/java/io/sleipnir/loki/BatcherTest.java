package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.loki.Batcher.Added;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure batcher: entries in, batches out by size and by age on a clock the test moves. No threads. */
class BatcherTest {
    private static final Labels A = Labels.of("app", "a");
    private static final Labels B = Labels.of("app", "b");
    private static final Labels C = Labels.of("app", "c");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    private final ClientStats stats = new ClientStats();

    /** A batcher whose budget is large: its batches are cut by bytes and by age, as Promtail's. */
    private Batcher batcher(long batchSize, int maxStreams) {
        return new Batcher("t", batchSize, Long.MAX_VALUE, Duration.ofSeconds(1), maxStreams, clock, stats);
    }

    private static Added add(Batcher b, Labels stream, String line) {
        LogEntry entry = LogEntry.of(1, line, stream, new CountingDelivery());
        return b.add(stream, entry, line.length(), Batch.charge(entry, line.length()));
    }

    private static List<List<String>> drain(Batcher b) {
        List<List<String>> out = new ArrayList<>();
        for (Batch batch = b.poll(); batch != null; batch = b.poll()) {
            List<String> lines = new ArrayList<>();
            batch.forEachEntry(e -> lines.add(e.line()));
            out.add(lines);
        }
        return out;
    }

    @Test
    void nothingComesOutBeforeSizeOrAge() {
        Batcher b = batcher(100, 0);

        assertThat(add(b, A, "one")).isEqualTo(Added.STARTED);
        assertThat(add(b, A, "two")).isEqualTo(Added.APPENDED);
        clock.advance(Duration.ofMillis(999));

        assertThat(b.sealIfDue()).isFalse();
        assertThat(b.poll()).isNull();
        assertThat(b.entryCount()).isEqualTo(2);
        assertThat(b.untilDue()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void cutsBySizeBeforeTheEntryThatWouldOverflow() {
        Batcher b = batcher(10, 0);
        add(b, A, "12345");
        add(b, A, "67890"); // exactly 10: still fits

        assertThat(add(b, A, "x")).isEqualTo(Added.SEALED_AND_STARTED);

        Batch first = b.poll();
        assertThat(first.bytes()).isEqualTo(10);
        assertThat(first.cutReason()).isEqualTo(CutReason.SIZE);
        assertThat(b.poll()).isNull();
        assertThat(b.entryCount()).isEqualTo(1);
        assertThat(stats.cuts(CutReason.SIZE)).isEqualTo(1);
    }

    @Test
    void shortLinesAreCutOnceTheBatchHoldsAQuarterOfTheBudget() {
        // Cut by bytes alone, a batch of short lines held the whole budget (each entry counts at least 64 bytes)
        // long before batchsize, and its source waited for batchwait to send it.
        Batcher b = new Batcher("t", 1 << 20, 4 * Batch.MIN_ENTRY_CHARGE, Duration.ofSeconds(1), 0, clock, stats);
        for (int i = 0; i < 9; i++) {
            add(b, A, "l" + i);
        }

        assertThat(drain(b)).containsExactly(List.of("l0", "l1", "l2", "l3"), List.of("l4", "l5", "l6", "l7"));
        assertThat(b.entryCount()).isEqualTo(1);
        assertThat(stats.cuts(CutReason.BUDGET)).isEqualTo(2);
        assertThat(stats.cuts(CutReason.SIZE)).isZero();
    }

    @Test
    void linesOf64BytesAndMoreAreCutByBytesAsPromtailCutsThem() {
        String line = "x".repeat(100);
        Batcher b = new Batcher("t", 1000, 1000, Duration.ofSeconds(1), 0, clock, stats);
        for (int i = 0; i < 25; i++) {
            add(b, A, line);
        }

        assertThat(drain(b)).hasSize(2).allSatisfy(batch -> assertThat(batch).hasSize(10));
        assertThat(stats.cuts(CutReason.SIZE)).isEqualTo(2);
        assertThat(stats.cuts(CutReason.BUDGET)).isZero();
    }

    @Test
    void anEntryLargerThanTheBatchSizeIsABatchOfItsOwn() {
        Batcher b = batcher(10, 0);
        add(b, A, "a");
        add(b, A, "much longer than ten bytes");
        add(b, A, "b");

        assertThat(drain(b)).containsExactly(List.of("a"), List.of("much longer than ten bytes"));
        b.sealNow(CutReason.SHUTDOWN);
        assertThat(drain(b)).containsExactly(List.of("b"));
    }

    @Test
    void cutsByAgeMeasuredFromTheFirstEntry() {
        Batcher b = batcher(100, 0);
        add(b, A, "first");
        clock.advance(Duration.ofMillis(600));
        add(b, A, "second");
        clock.advance(Duration.ofMillis(400));

        assertThat(b.sealIfDue()).isTrue();

        Batch batch = b.poll();
        assertThat(batch.cutReason()).isEqualTo(CutReason.WAIT);
        assertThat(batch.createdAt()).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(batch.entryCount()).isEqualTo(2);
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.untilDue()).isNull();
        assertThat(add(b, A, "third")).as("the next entry starts a new batch").isEqualTo(Added.STARTED);
    }

    @Test
    void batchesComeOutInOrderAndEachStreamKeepsItsOrder() {
        Batcher b = batcher(6, 0);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String line = "l" + i;
            written.add(line);
            add(b, i % 2 == 0 ? A : B, line);
        }
        b.sealNow(CutReason.SHUTDOWN);

        List<String> read = new ArrayList<>();
        drain(b).forEach(read::addAll);
        assertThat(read).containsExactlyInAnyOrderElementsOf(written);
        assertThat(read.stream().filter(l -> Integer.parseInt(l.substring(1)) % 2 == 0).toList())
                .isSortedAccordingTo((x, y) -> Integer.compare(Integer.parseInt(x.substring(1)),
                        Integer.parseInt(y.substring(1))));
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.adds()).isEqualTo(30);
    }

    @Test
    void maxStreamsRefusesANewStreamUntilTheBatchIsSealed() {
        Batcher b = batcher(100, 2);
        add(b, A, "a1");
        add(b, B, "b1");

        assertThat(add(b, C, "c1")).isEqualTo(Added.STREAM_LIMITED);
        assertThat(add(b, A, "a2")).as("a stream already in the batch").isEqualTo(Added.APPENDED);
        clock.advance(Duration.ofSeconds(1));
        b.sealIfDue();
        assertThat(add(b, C, "c2")).isEqualTo(Added.STARTED);

        assertThat(drain(b)).containsExactly(List.of("a1", "a2", "b1"));
        assertThat(b.entryCount()).isEqualTo(1);
    }

    @Test
    void theEntryThatSealsBySizeIsNeverStreamLimited() {
        Batcher b = batcher(4, 1);
        add(b, A, "aaaa");

        assertThat(add(b, B, "b")).isEqualTo(Added.SEALED_AND_STARTED);
        assertThat(add(b, C, "c")).isEqualTo(Added.STREAM_LIMITED);
    }

    @Test
    void zeroMaxStreamsIsNoLimit() {
        Batcher b = batcher(1 << 20, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(add(b, Labels.of("pod", "p" + i), "x")).isIn(Added.STARTED, Added.APPENDED);
        }
        b.sealNow(CutReason.SHUTDOWN);
        assertThat(b.poll().streamCount()).isEqualTo(1000);
    }
}
