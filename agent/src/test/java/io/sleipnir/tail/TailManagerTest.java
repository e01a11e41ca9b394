package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.model.LogEntry;
import io.sleipnir.positions.SavedPosition;
import io.sleipnir.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tailer running on real files. Splitting, long lines, UTF-8 and timestamps are unit-tested without files in
 * {@link LineSplitterTest} and {@link LineEmitterTest}; rotation decisions in {@link RotationTrackerTest}; timers in
 * {@link PollTimersTest}.
 */
class TailManagerTest {
    @TempDir
    Path dir;

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    private static String asLines(List<String> lines) {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    @Test
    void readsLinesInOrderWithTheFilenameLabelAndHoldsBackAPartialLine() throws Exception {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        append(a, "a1\r\na2\n");
        append(b, "b1\nb2\npartial");
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = TailHarness.start(dir, dir + "/*.log", sink)) {
            eventually().until(() -> sink.size() == 4);
            // Promtail splits on \n only: a CRLF line keeps its \r (issue 8, item 6).
            assertThat(sink.linesOf(a.toString())).containsExactly("a1\r", "a2");
            assertThat(sink.linesOf(b.toString())).containsExactly("b1", "b2");
            LogEntry first = sink.entries().stream().filter(e -> e.line().equals("a1\r")).findFirst().orElseThrow();
            assertThat(first.labels().toMap()).containsExactlyInAnyOrderEntriesOf(
                    java.util.Map.of("job", "test", "filename", a.toString()));

            append(b, " line\n");
            append(dir.resolve("c.log"), "c1\n"); // a new file is found through a create event
            eventually().until(() -> sink.size() == 6);
            assertThat(sink.linesOf(b.toString())).containsExactly("b1", "b2", "partial line");
            assertThat(h.manager.activeFiles()).containsExactlyInAnyOrder(a.toString(), b.toString(), dir + "/c.log");
            assertThat(h.metrics.value("promtail_read_lines_total", "path", b.toString())).isEqualTo(3);
            assertThat(h.metrics.value("promtail_read_bytes_total", "path", b.toString())).isEqualTo(Files.size(b));
            assertThat(h.metrics.value("promtail_files_active_total")).isEqualTo(3);
        }
    }

    @Test
    void resumesFromAPromtailPositionAndFromAnAcknowledgedOffsetWithIdentity() throws Exception {
        Path promtail = dir.resolve("promtail.log");
        Path ours = dir.resolve("ours.log");
        append(promtail, "old1\nold2\nnew1\n");
        append(ours, "done\nnext\n");
        Path positions = dir.resolve("positions/positions.yaml");
        Files.createDirectories(positions.getParent());
        FileIdentity id = FileIdentity.of(ours);
        Files.writeString(positions, "positions:\n  " + promtail + ": \"10\"\n  " + ours + ": \"5\"\n"
                + "identities:\n  " + ours + ": \"" + id.format() + "\"\n");
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = TailHarness.start(dir, dir + "/*.log", sink)) {
            eventually().until(() -> sink.size() == 2);
            assertThat(sink.linesOf(promtail.toString())).containsExactly("new1");
            assertThat(sink.linesOf(ours.toString())).containsExactly("next");
        }
    }

    @Test
    void positionMovesOnlyWithAcknowledgementsSoARestartResendsUnansweredLines() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "one\ntwo\n");
        CollectingSink holding = new CollectingSink(false);
        try (TailHarness h = TailHarness.start(dir, dir + "/*.log", holding)) {
            eventually().until(() -> holding.size() == 2);
            assertThat(h.positions.get(log.toString()).offset()).isZero();
            holding.entries().get(0).delivery().complete();
            assertThat(TailHarness.offsetAndIdentity(h.positions.get(log.toString())))
                    .isEqualTo(new SavedPosition(4, FileIdentity.of(log)));
        }
        CollectingSink again = new CollectingSink(true);
        try (TailHarness h = TailHarness.start(dir, dir + "/*.log", again)) {
            eventually().until(() -> again.size() == 1);
            assertThat(again.lines()).containsExactly("two");
        }
    }

    @Test
    void renameAndCreateRotationWhileWritingDeliversEveryLineOnceInOrder() throws Exception {
        Path log = dir.resolve("app.log");
        CollectingSink sink = new CollectingSink(true);
        List<String> written = new ArrayList<>();
        try (TailHarness h = TailHarness.start(dir, dir + "/*.log", sink)) {
            int n = 0;
            for (int rotation = 0; rotation < 5; rotation++) {
                OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                String first = "line-" + n;
                for (int i = 0; i < 300; i++, n++) {
                    out.write(("line-" + n + "\n").getBytes(StandardCharsets.UTF_8));
                    written.add("line-" + n);
                    if (i == 10) {
                        out.flush();
                        eventually().until(() -> sink.lines().contains(first)); // this generation is open
                    }
                }
                Files.move(log, dir.resolve("app.log." + rotation));
                for (int i = 0; i < 3; i++, n++) { // the writer keeps its old descriptor for a moment
                    out.write(("line-" + n + "\n").getBytes(StandardCharsets.UTF_8));
                    written.add("line-" + n);
                }
                out.close();
            }
            eventually().until(() -> sink.size() >= written.size());
            assertThat(sink.lines()).containsExactlyElementsOf(written);
            assertThat(sink.linesOf(log.toString())).hasSize(written.size());
        }
    }

    @Test
    void kubeletRotationFinishesTheOldFileThenReadsTheNewOneAndMovesTheEntry() throws Exception {
        Path container = Files.createDirectories(dir.resolve("pods/shop_order-7d9f_1234/order"));
        Path log = container.resolve("0.log");
        append(log, asLines(numbered("a", 0, 50)));
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = TailHarness.start(dir, dir + "/pods/*/*/*.log", sink)) {
            eventually().until(() -> sink.size() == 50);
            append(log, asLines(numbered("a", 50, 60)));
            Files.move(log, container.resolve("0.log.20260101-120000"));
            append(log, asLines(numbered("b", 0, 20)));
            FileIdentity fresh = FileIdentity.of(log);
            List<String> expected = new ArrayList<>(numbered("a", 0, 60));
            expected.addAll(numbered("b", 0, 20));
            eventually().until(() -> sink.size() >= 80);
            assertThat(sink.lines()).containsExactlyElementsOf(expected);
            eventually().until(() -> fresh.equals(h.positions.get(log.toString()).identity()));
            assertThat(h.positions.get(log.toString()).offset()).isEqualTo(Files.size(log));
            assertThat(h.manager.activeFiles()).containsExactly(log.toString());
        }
    }

    @Test
    void copytruncateRestartsAtTheStart() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, asLines(numbered("before", 0, 30)));
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = TailHarness.start(dir, dir + "/*.log", sink)) {
            eventually().until(() -> sink.size() == 30);
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            eventually().until(() -> h.metrics.value("promtail_read_bytes_total", "path", log.toString()) == 0);
            append(log, asLines(numbered("after", 0, 5)));
            eventually().until(() -> sink.size() == 35);
            List<String> expected = new ArrayList<>(numbered("before", 0, 30));
            expected.addAll(numbered("after", 0, 5));
            assertThat(sink.lines()).containsExactlyElementsOf(expected);
            eventually().until(() -> h.positions.get(log.toString()).offset() == Files.size(log));
        }
    }

    @Test
    void deletedFileIsDrainedThroughItsDescriptorThenReleased() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, asLines(numbered("l", 0, 200)) + "last words");
        Semaphore permits = new Semaphore(1);
        CollectingSink sink = new CollectingSink(true);
        TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"), TailHarness.settings(1024, false, 256),
                entry -> {
                    permits.acquire(); // back-pressure: the reader is stuck on the first line
                    sink.accept(entry);
                }, FileOpener.DEFAULT, List.of(dir + "/*.log"), List.of());
        try (h) {
            eventually().until(() -> h.manager.activeFiles().contains(log.toString()) && permits.hasQueuedThreads());
            Files.delete(log);
            permits.release(10_000);
            eventually().until(() -> sink.size() == 201);
            assertThat(sink.lines()).containsExactlyElementsOf(concat(numbered("l", 0, 200), List.of("last words")));
            eventually().until(() -> h.manager.activeFiles().isEmpty());
            eventually().until(() -> h.positions.get(log.toString()) == null);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void unreadableFileIsReportedOnceRetriedAndDoesNotStopOthers() throws Exception {
        Path secret = dir.resolve("secret.log");
        Path open = dir.resolve("open.log");
        append(secret, "s1\n");
        append(open, "o1\n");
        AtomicBoolean denied = new AtomicBoolean(true);
        FileOpener opener = path -> {
            if (denied.get() && path.equals(secret)) {
                throw new AccessDeniedException(path.toString());
            }
            return FileOpener.DEFAULT.open(path);
        };
        CollectingSink sink = new CollectingSink(true);
        TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"), TailHarness.settings(1024, false, 4096),
                sink, opener, List.of(dir + "/*.log"), List.of());
        try (h) {
            eventually().until(() -> sink.lines().contains("o1"));
            append(open, "o2\n");
            eventually().until(() -> sink.lines().contains("o2"));
            assertThat(sink.lines()).doesNotContain("s1");
            assertThat(h.metrics.value("sleipnir_bad_input_total", "kind", "unreadable_file")).isEqualTo(1);
            denied.set(false); // permissions fixed: picked up at the next sync
            eventually().until(() -> sink.lines().contains("s1"));
            assertThat(h.metrics.value("sleipnir_bad_input_total", "kind", "unreadable_file")).isEqualTo(1);
        }
    }

    @Test
    void aHotFileDoesNotStarveASlowOne() throws Exception {
        Path hot = dir.resolve("hot.log");
        Path slow = dir.resolve("slow.log");
        append(hot, asLines(numbered("hot-line-with-some-padding-", 0, 50_000)));
        append(slow, "slow1\n");
        CollectingSink sink = new CollectingSink(true);
        TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"), TailHarness.settings(1024, false, 1024),
                sink, FileOpener.DEFAULT, List.of(dir + "/*.log"), List.of());
        try (h) {
            eventually().until(() -> sink.lines().contains("slow1"));
            int hotBeforeSlow = sink.lines().indexOf("slow1");
            assertThat(hotBeforeSlow).isLessThan(1000); // slow got its turn within the first rounds
            append(slow, "slow2\n");
            eventually().until(() -> sink.lines().contains("slow2"));
            eventually().until(() -> sink.size() == 50_002);
        }
    }

    @Test
    void afterRotationWhileDownTheRotatedFileIsFoundByIdentityAndFinishedFirst() throws Exception {
        Path container = Files.createDirectories(dir.resolve("pods/ns_pod_uid/c"));
        Path log = container.resolve("0.log");
        append(log, asLines(numbered("a", 0, 10)));
        CollectingSink first = new CollectingSink(true);
        try (TailHarness h = TailHarness.start(dir, dir + "/pods/*/*/*.log", first)) {
            eventually().until(() -> first.size() == 10);
        }
        // While the agent is down: more lines, a kubelet rotation, and a new file.
        append(log, asLines(numbered("a", 10, 15)) + "unterminated");
        Files.move(log, container.resolve("0.log.20260101-120000"));
        append(log, asLines(numbered("b", 0, 5)));
        CollectingSink second = new CollectingSink(true);
        try (TailHarness h = TailHarness.start(dir, dir + "/pods/*/*/*.log", second)) {
            eventually().until(() -> second.size() == 11);
            List<String> expected = new ArrayList<>(numbered("a", 10, 15));
            expected.add("unterminated");
            expected.addAll(numbered("b", 0, 5));
            assertThat(second.lines()).containsExactlyElementsOf(expected);
            assertThat(second.entries()).allSatisfy(e -> assertThat(e.labels().get("filename")).isEqualTo(log.toString()));
        }
    }

    @Test
    void aFileThatLeavesTheGlobIsDrainedAndItsEntryForgotten() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "one\n");
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = TailHarness.start(dir, dir + "/*.log", sink)) {
            eventually().until(() -> sink.size() == 1);
            h.manager.setTargets(List.of(new FileTarget(dir + "/*.log", List.of(dir + "/app.*"),
                    io.sleipnir.model.Labels.of("job", "test"), sink)));
            eventually().until(() -> h.manager.activeFiles().isEmpty());
            eventually().until(() -> h.positions.get(log.toString()) == null);
        }
    }

    /**
     * A target that starts covering a file being read gets its lines from where the reader is (the file is not read
     * again); one that stops covering it gets no more, while the other goes on; the position follows every copy.
     */
    @Test
    void aTargetAddedOrRemovedOnAFileBeingReadJoinsOrLeavesAtTheReadersPlace() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, asLines(numbered("a", 0, 3)));
        CollectingSink firstSink = new CollectingSink(true);
        CollectingSink secondSink = new CollectingSink(false);
        FileTarget first = new FileTarget(dir + "/*.log", List.of(), io.sleipnir.model.Labels.of("job", "first"),
                firstSink);
        FileTarget second = new FileTarget(log.toString(), List.of(), io.sleipnir.model.Labels.of("job", "second"),
                secondSink);
        try (TailHarness h = TailHarness.start(dir, dir + "/nothing/*.log", new CollectingSink(true))) {
            h.manager.setTargets(List.of(first));
            eventually().until(() -> firstSink.size() == 3);
            eventually().until(() -> h.positions.get(log.toString()) != null
                    && h.positions.get(log.toString()).offset() == Files.size(log));

            h.manager.setTargets(List.of(first, second));
            applied(h);
            append(log, asLines(numbered("b", 0, 2)));
            eventually().until(() -> firstSink.size() == 5 && secondSink.size() == 2);
            assertThat(secondSink.lines()).containsExactly("b0", "b1");
            long beforeB = Files.size(log) - "b0\nb1\n".length();
            assertThat(h.positions.get(log.toString()).offset()).as("the second target holds b0 and b1")
                    .isEqualTo(beforeB);
            secondSink.completeHeld();
            eventually().until(() -> h.positions.get(log.toString()).offset() == Files.size(log));

            h.manager.setTargets(List.of(second));
            applied(h);
            append(log, "c0\n");
            eventually().until(() -> secondSink.size() == 3);
            assertThat(firstSink.lines()).containsExactlyElementsOf(
                    List.of("a0", "a1", "a2", "b0", "b1"));
            assertThat(secondSink.entries()).allSatisfy(e -> assertThat(e.labels().get("job")).isEqualTo("second"));
            assertThat(h.manager.activeFiles()).containsExactly(log.toString());
        }
    }

    /**
     * Waits until the reader has run the commands queued so far (its commands run in order): a question queued
     * after {@code setTargets} is answered once the targets are in place. Every line here ends with a newline, so
     * the question emits nothing.
     */
    private static void applied(TailHarness h) throws Exception {
        h.manager.readToEndEmittingUnterminated().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Promtail's filetarget.go sync(): a __path__ naming an existing file is read as that file, never globbed. */
    @Test
    void aPathNamingAnExistingFileWithBracketsReadsThatFileOnly() throws Exception {
        Path literal = dir.resolve("app[1].log");
        Path globMatch = dir.resolve("app1.log");
        append(literal, "from the named file\n");
        append(globMatch, "from app1\n");
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = TailHarness.start(dir, literal.toString(), sink)) {
            eventually().until(() -> sink.size() == 1);
            append(globMatch, "more from app1\n");
            append(literal, "last\n");
            eventually().until(() -> sink.size() == 2);
            assertThat(sink.lines()).containsExactly("from the named file", "last");
            assertThat(h.manager.activeFiles()).containsExactly(literal.toString());
        }
    }

    /**
     * doublestar's Glob returns ErrBadPattern for a malformed glob; Promtail logs the failed sync and that target reads
     * nothing, while the other targets go on.
     */
    @Test
    void aMalformedGlobReadsNothingAndTheOtherTargetsGoOn() throws Exception {
        append(dir.resolve("a.log"), "a1\n");
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"),
                TailHarness.settings(1 << 20, false, 64 * 1024), sink, FileOpener.DEFAULT,
                List.of(dir + "/[a.log", dir + "/*.log"), List.of())) {
            eventually().until(() -> sink.size() == 1);
            append(dir.resolve("b.log"), "b1\n");
            eventually().until(() -> sink.size() == 2);
            assertThat(sink.lines()).containsExactly("a1", "b1");
        }
    }

    @Test
    void rotationNoticedMidFileUnderBackPressureStillDrainsTheOldFileFirst() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, asLines(numbered("old", 0, 500)));
        Semaphore firstLine = new Semaphore(0);
        CollectingSink sink = new CollectingSink(true);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
        TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"), TailHarness.settings(1024, false, 256),
                entry -> {
                    if (entry.line().equals("old0")) {
                        firstLine.acquire(); // Loki is slow: the reader waits here
                    }
                    sink.accept(entry);
                }, FileOpener.DEFAULT, List.of(dir + "/*.log"), List.of(), clock);
        try (h) {
            eventually().until(firstLine::hasQueuedThreads);
            Files.move(log, dir.resolve("app.log.1"));
            append(log, asLines(numbered("new", 0, 10)));
            clock.advance(Duration.ofSeconds(5)); // the next status check sees the rotation mid-file
            firstLine.release();
            eventually().until(() -> {
                clock.advance(Duration.ofMillis(20)); // lets the idle-EOF wait on the old file elapse
                return sink.size() >= 510;
            });
            assertThat(sink.lines()).containsExactlyElementsOf(concat(numbered("old", 0, 500), numbered("new", 0, 10)));
        }
    }

    @Test
    void twoRotationsWhileTheReaderIsBlockedLoseNoFile() throws Exception {
        Path container = Files.createDirectories(dir.resolve("pods/ns_pod_uid/c"));
        Path log = container.resolve("0.log");
        append(log, asLines(numbered("a", 0, 100)));
        Semaphore firstLine = new Semaphore(0);
        CollectingSink sink = new CollectingSink(true);
        TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"), TailHarness.settings(1024, false, 256),
                entry -> {
                    if (entry.line().equals("a0")) {
                        firstLine.acquire(); // Loki is slow while the kubelet rotates twice (loki#14462)
                    }
                    sink.accept(entry);
                }, FileOpener.DEFAULT, List.of(dir + "/pods/*/*/*.log"), List.of());
        try (h) {
            eventually().until(firstLine::hasQueuedThreads);
            Files.move(log, container.resolve("0.log.20260101-120000"));
            append(log, asLines(numbered("b", 0, 100)));
            Files.move(log, container.resolve("0.log.20260101-120100"));
            append(log, asLines(numbered("c", 0, 100)));
            firstLine.release();
            eventually().until(() -> sink.size() >= 300);
            List<String> expected = new ArrayList<>(numbered("a", 0, 100));
            expected.addAll(numbered("b", 0, 100));
            expected.addAll(numbered("c", 0, 100));
            assertThat(sink.lines()).containsExactlyElementsOf(expected);
            FileIdentity current = FileIdentity.of(log);
            eventually().until(() -> new SavedPosition(Files.size(log), current)
                    .equals(TailHarness.offsetAndIdentity(h.positions.get(log.toString()))));
        }
    }
}
