package io.sleipnir.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.config.LimitsConfig.ReadlineRate;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** limits_config.readline_rate*: Go's token bucket over what leaves the pipelines, dropping or waiting. */
class ReadlineLimitTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AgentMetrics metrics = new AgentMetrics();
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final EntrySink sink = e -> delivered.add(e.line());
    private final AtomicInteger completions = new AtomicInteger();

    @Test
    void dropModeDropsExactlyTheLinesOverTheBurstCountsThemAndCompletesTheirDeliveries() throws Exception {
        EntrySink limit = ReadlineLimit.wrap(new ReadlineRate(true, 2, 5, true), sink, metrics, clock);

        send(limit, 0, 12);

        assertThat(delivered).containsExactly("line 0", "line 1", "line 2", "line 3", "line 4");
        assertThat(dropped()).isEqualTo(7);
        assertThat(completions).as("dropped lines are done with, so their positions move past them").hasValue(7);

        clock.advance(Duration.ofSeconds(1)); // 2 tokens back
        send(limit, 12, 5);

        assertThat(delivered).hasSize(7).endsWith("line 12", "line 13");
        assertThat(dropped()).isEqualTo(10);
        assertThat(completions).hasValue(10);
    }

    @Test
    void waitModeDeliversEveryLineInOrderAndWaitsOutTheMissingTokens() throws Exception {
        AtomicLong waited = new AtomicLong();
        ReadlineLimit.Pause advancing = nanos -> {
            waited.addAndGet(nanos);
            clock.advance(Duration.ofNanos(nanos));
        };
        EntrySink limit = ReadlineLimit.wrap(new ReadlineRate(true, 10, 5, false), sink, metrics, clock, advancing);

        send(limit, 0, 20);

        assertThat(delivered).isEqualTo(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "line " + i).toList());
        assertThat(dropped()).isZero();
        assertThat(completions).as("the limit completes nothing it hands on").hasValue(0);
        assertThat(Duration.ofNanos(waited.get())).as("15 lines past the burst at 10 per second")
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    @Timeout(60)
    void aWaitingThreadStopsWhenInterruptedWithoutHandingTheLineOnAndCloseEndsEveryWait() throws Exception {
        // one token every 1000 s: the second line waits for good unless stopped
        ReadlineLimit limit = (ReadlineLimit) ReadlineLimit.wrap(new ReadlineRate(true, 0.001, 1, false), sink,
                metrics, clock);
        limit.accept(entry(0));
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                limit.accept(entry(1));
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
        });
        reader.start();
        await().until(() -> reader.getState() == Thread.State.TIMED_WAITING);
        reader.interrupt();
        assertThat(interrupted.get()).isTrue();
        assertThat(delivered).containsExactly("line 0");

        Thread flusher = new Thread(() -> {
            try {
                limit.accept(entry(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        flusher.start();
        await().until(() -> flusher.getState() == Thread.State.TIMED_WAITING);
        limit.close();
        flusher.join();
        assertThat(delivered).containsExactly("line 0", "line 2");
        limit.accept(entry(3));
        assertThat(delivered).as("after close, lines pass at once").endsWith("line 3");
        assertThat(completions).hasValue(0);
    }

    @Test
    void goEdgeCasesOfRateAndBurstAreKept() throws Exception {
        ReadlineLimit.Pause never = nanos -> {
            throw new AssertionError("waited " + nanos + "ns");
        };
        // burst 0: Allow is always false; Wait fails at once and Promtail sends the line anyway
        send(ReadlineLimit.wrap(new ReadlineRate(true, 100, 0, true), sink, metrics, clock), 0, 3);
        assertThat(delivered).isEmpty();
        assertThat(dropped()).isEqualTo(3);
        send(ReadlineLimit.wrap(new ReadlineRate(true, 100, 0, false), sink, metrics, clock, never), 3, 3);
        assertThat(delivered).hasSize(3);

        // rate 0: the burst is spent once and never refilled
        delivered.clear();
        EntrySink noRefill = ReadlineLimit.wrap(new ReadlineRate(true, 0, 2, true), sink, metrics, clock);
        send(noRefill, 0, 3);
        clock.advance(Duration.ofHours(1));
        send(noRefill, 3, 3);
        assertThat(delivered).containsExactly("line 0", "line 1");
        assertThat(dropped()).isEqualTo(3 + 4);

        // an infinite rate never limits
        delivered.clear();
        send(ReadlineLimit.wrap(new ReadlineRate(true, Double.POSITIVE_INFINITY, 0, true), sink, metrics, clock),
                0, 100);
        assertThat(delivered).hasSize(100);
    }

    @Test
    void offByDefaultAndThenTheSinkItself() {
        assertThat(ReadlineLimit.wrap(ReadlineRate.defaults(), sink, metrics, clock)).isSameAs(sink);
    }

    private void send(EntrySink limit, int from, int count) throws InterruptedException {
        for (int i = from; i < from + count; i++) {
            limit.accept(entry(i));
        }
    }

    private LogEntry entry(int i) {
        Delivery delivery = new Delivery() {
            @Override
            public void retain(int holders) {
            }

            @Override
            public void complete() {
                completions.incrementAndGet();
            }
        };
        return LogEntry.of(0, "line " + i, Labels.of("job", "j"), delivery);
    }

    private long dropped() {
        return (long) metrics.value("logentry_dropped_lines_total", "reason", "global_rate_limiter_drop");
    }
}
