package io.sleipnir.positions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.model.CompletionRun;
import io.sleipnir.model.Delivery;
import io.sleipnir.tail.FileIdentity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FileAckTrackerTest {
    private static final FileIdentity ID = new FileIdentity(1, 2);

    @Test
    void committedOffsetWaitsForTheOldestIncompleteEntry() {
        AtomicInteger advances = new AtomicInteger();
        FileAckTracker tracker = new FileAckTracker(ID, 100, advances::incrementAndGet);
        Delivery a = tracker.newDelivery(110);
        Delivery b = tracker.newDelivery(120);
        Delivery c = tracker.newDelivery(130);
        assertThat(tracker.committedOffset()).isEqualTo(100);
        assertThat(tracker.pendingCount()).isEqualTo(3);

        c.complete();
        b.complete();
        assertThat(tracker.committedOffset()).isEqualTo(100);
        assertThat(advances).hasValue(0);

        a.complete();
        assertThat(tracker.committedOffset()).isEqualTo(130);
        assertThat(tracker.pendingCount()).isZero();
        assertThat(advances).hasValue(1);
    }

    @Test
    void retainedEntriesNeedEveryHolderToComplete() {
        FileAckTracker tracker = new FileAckTracker(ID, 0, () -> { });
        Delivery a = tracker.newDelivery(10);
        a.retain(2); // fan-out to three clients
        a.complete();
        a.complete();
        assertThat(tracker.committedOffset()).isZero();
        a.complete();
        assertThat(tracker.committedOffset()).isEqualTo(10);
        assertThatThrownBy(a::complete).isInstanceOf(IllegalStateException.class)
                .hasMessage("delivery ending at 10 completed more times than held");
        assertThatThrownBy(() -> a.retain(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRunOfCompletionsMovesTheOffsetOnceWhenItFinishes() {
        AtomicInteger otherAnnounced = new AtomicInteger();
        FileAckTracker tracker = new FileAckTracker(ID, 0, () -> { });
        FileAckTracker other = new FileAckTracker(new FileIdentity(3, 4), 0, otherAnnounced::incrementAndGet);
        Delivery a = tracker.newDelivery(10);
        Delivery b = tracker.newDelivery(20);
        Delivery x = other.newDelivery(7);
        Delivery c = tracker.newDelivery(30);
        CompletionRun run = new CompletionRun();

        a.complete(run);
        x.complete(run);
        b.complete(run);
        assertThat(tracker.committedOffset()).isZero();
        assertThat(other.committedOffset()).isZero();
        assertThat(tracker.pendingCount()).isEqualTo(3);
        assertThat(otherAnnounced).hasValue(0);

        run.finish();
        assertThat(tracker.committedOffset()).isEqualTo(20);
        assertThat(other.committedOffset()).isEqualTo(7);
        assertThat(otherAnnounced).as("its listener hears once, when the run finishes").hasValue(1);

        c.complete(run);
        run.finish();
        assertThat(tracker.committedOffset()).isEqualTo(30);
        assertThat(tracker.pendingCount()).isZero();
        assertThatThrownBy(() -> c.complete(run)).isInstanceOf(IllegalStateException.class)
                .hasMessage("delivery ending at 30 completed more times than held");
    }

    @Test
    void truncationMarkerMovesTheOffsetBackToZeroOnlyAfterEarlierEntries() {
        FileAckTracker tracker = new FileAckTracker(ID, 0, () -> { });
        Delivery before = tracker.newDelivery(500);
        tracker.markTruncated();
        assertThat(tracker.committedOffset()).isZero();
        Delivery after = tracker.newDelivery(20);
        before.complete();
        assertThat(tracker.committedOffset()).isZero();
        after.complete();
        assertThat(tracker.committedOffset()).isEqualTo(20);
    }

    @Test
    void completionsFromManyThreadsCommitEverything() throws Exception {
        FileAckTracker tracker = new FileAckTracker(ID, 0, () -> { });
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 1; i <= 20_000; i++) {
            deliveries.add(tracker.newDelivery(i * 10L));
        }
        Collections.shuffle(deliveries, new Random(7));
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<Delivery> mine = deliveries.subList(t * 5000, (t + 1) * 5000);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                mine.forEach(Delivery::complete);
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(tracker.committedOffset()).isEqualTo(200_000);
        assertThat(tracker.pendingCount()).isZero();
    }

    /**
     * The reader appends without a lock while senders complete: they must never lose a link. The reader hands
     * each delivery to one of two completer threads, which complete them in batches out of order, as clients do.
     */
    @Test
    void appendingWhileOtherThreadsCompleteLosesNothing() throws Exception {
        FileAckTracker tracker = new FileAckTracker(ID, 0, () -> { });
        int lines = 200_000;
        List<java.util.concurrent.BlockingQueue<Delivery>> queues = List.of(
                new java.util.concurrent.LinkedBlockingQueue<>(), new java.util.concurrent.LinkedBlockingQueue<>());
        List<Thread> completers = new ArrayList<>();
        for (var queue : queues) {
            Thread t = new Thread(() -> {
                List<Delivery> batch = new ArrayList<>();
                try {
                    while (true) {
                        Delivery d = queue.take();
                        if (d == Delivery.NONE) {
                            break;
                        }
                        batch.add(d);
                        if (batch.size() == 97) {
                            Collections.reverse(batch);
                            batch.forEach(Delivery::complete);
                            batch.clear();
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
                batch.forEach(Delivery::complete);
            });
            t.start();
            completers.add(t);
        }
        long lastSeen = 0;
        for (int i = 1; i <= lines; i++) {
            queues.get(i % 2).add(tracker.newDelivery(i * 3L));
            long committed = tracker.committedOffset();
            assertThat(committed).isGreaterThanOrEqualTo(lastSeen).isLessThanOrEqualTo(i * 3L);
            lastSeen = committed;
        }
        queues.forEach(q -> q.add(Delivery.NONE));
        for (Thread t : completers) {
            t.join();
        }
        assertThat(tracker.committedOffset()).isEqualTo(lines * 3L);
        assertThat(tracker.pendingCount()).isZero();
    }

    /** Completing in any order, the committed offset is always the end of the longest all-complete prefix. */
    @Property(tries = 200)
    void committedNeverPassesAnIncompleteEntry(@ForAll @IntRange(min = 1, max = 60) int count,
                                               @ForAll long seed) {
        FileAckTracker tracker = new FileAckTracker(ID, 0, () -> { });
        Random random = new Random(seed);
        int[] holders = new int[count];
        List<Delivery> deliveries = new ArrayList<>();
        List<Integer> completions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Delivery d = tracker.newDelivery((i + 1) * 7L);
            int extra = random.nextInt(3);
            d.retain(extra);
            holders[i] = 1 + extra;
            deliveries.add(d);
            for (int h = 0; h < holders[i]; h++) {
                completions.add(i);
            }
        }
        Collections.shuffle(completions, random);
        int[] left = holders.clone();
        for (int i : completions) {
            deliveries.get(i).complete();
            left[i]--;
            int prefix = 0;
            while (prefix < count && left[prefix] == 0) {
                prefix++;
            }
            assertThat(tracker.committedOffset()).isEqualTo(prefix * 7L);
            assertThat(tracker.pendingCount()).isEqualTo(count - prefix);
        }
    }
}
