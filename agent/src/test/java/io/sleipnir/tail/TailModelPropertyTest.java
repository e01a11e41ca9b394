package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.positions.SavedPosition;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.awaitility.core.ConditionFactory;

/**
 * Model-based test in the spirit of Vector's file-source tests: random write / rotate (rename + create) /
 * truncate / copytruncate / delete + re-create sequences against a running tailer, with lines written whole or in
 * pieces (a read may see half a line) and lines longer than the reader's cap (cut to it). The model is the list of
 * lines expected; copytruncate loses lines written between the last read and the truncation, so the model
 * truncates only after the tailer has caught up. Every line written must arrive exactly once, in order (cut at the
 * cap), and at the end the positions entry names the current file at its full length, in memory and on disk.
 */
class TailModelPropertyTest {

    /** The reader's line cap in this model: longer lines arrive cut to it. */
    private static final int CAP = 1000;

    sealed interface Action permits Write, WriteInPieces, Rotate, Truncate, CopyTruncate, DeleteAndRecreate {
    }

    record Write(int lines, int length) implements Action {
    }

    /** Each line in two writes, the first without its newline. */
    record WriteInPieces(int lines, int length) implements Action {
    }

    record CopyTruncate() implements Action {
    }

    record Rotate() implements Action {
    }

    record Truncate() implements Action {
    }

    record DeleteAndRecreate() implements Action {
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> write = Arbitraries.integers().between(1, 40)
                .flatMap(n -> Arbitraries.integers().between(0, 300).map(len -> new Write(n, len)));
        Arbitrary<Action> pieces = Arbitraries.integers().between(1, 10)
                .flatMap(n -> Arbitraries.integers().between(0, 3 * CAP).map(len -> new WriteInPieces(n, len)));
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, write),
                net.jqwik.api.Tuple.of(2, pieces),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Rotate())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Truncate())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new CopyTruncate())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new DeleteAndRecreate())));
        return action.list().ofMinSize(1).ofMaxSize(12);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2));
    }

    @Property(tries = 30)
    void everyWrittenLineArrivesOnceInOrder(@ForAll("actions") List<Action> actions) throws Exception {
        Path dir = Files.createTempDirectory("tail-model");
        try {
            run(dir, actions);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run(Path dir, List<Action> actions) throws Exception {
        Path log = dir.resolve("app.log");
        Files.createFile(log);
        List<String> written = new ArrayList<>();
        CollectingSink sink = new CollectingSink(true);
        int rotations = 0;
        try (TailHarness h = new TailHarness(dir.resolve("positions/positions.yaml"),
                TailHarness.settings(CAP, true, 512), sink, FileOpener.DEFAULT, List.of(dir + "/*.log"), List.of())) {
            eventually().until(() -> h.manager.activeFiles().contains(log.toString()));
            for (Action action : actions) {
                if (action instanceof Write w) {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < w.lines(); i++) {
                        String line = written.size() + ":" + "x".repeat(w.length());
                        written.add(line);
                        text.append(line).append('\n');
                    }
                    Files.writeString(log, text, StandardOpenOption.APPEND);
                } else if (action instanceof WriteInPieces w) {
                    for (int i = 0; i < w.lines(); i++) {
                        String line = written.size() + ":" + "y".repeat(w.length());
                        written.add(line.substring(0, Math.min(CAP, line.length())));
                        int half = line.length() / 2;
                        Files.writeString(log, line.substring(0, half), StandardOpenOption.APPEND);
                        Files.writeString(log, line.substring(half) + "\n", StandardOpenOption.APPEND);
                    }
                } else if (action instanceof Rotate) {
                    awaitCaughtUp(sink, written);
                    Files.move(log, dir.resolve("app.log." + rotations++));
                    Files.createFile(log);
                } else if (action instanceof CopyTruncate) {
                    awaitCaughtUp(sink, written);
                    Files.copy(log, dir.resolve("app.log.copy" + rotations++));
                    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                        ch.truncate(0);
                    }
                    eventually().until(() -> h.metrics.value("promtail_read_bytes_total", "path", log.toString()) == 0);
                } else if (action instanceof Truncate) {
                    awaitCaughtUp(sink, written);
                    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                        ch.truncate(0);
                    }
                    eventually().until(() -> h.metrics.value("promtail_read_bytes_total", "path", log.toString()) == 0);
                } else {
                    awaitCaughtUp(sink, written);
                    Files.delete(log);
                    Files.createFile(log);
                }
            }
            awaitCaughtUp(sink, written);
            FileIdentity current = FileIdentity.of(log);
            long size = Files.size(log);
            eventually().until(() -> new SavedPosition(size, current)
                    .equals(TailHarness.offsetAndIdentity(h.positions.get(log.toString()))));
            assertThat(sink.lines()).containsExactlyElementsOf(written);
        }
        assertThat(Files.readString(dir.resolve("positions/positions.yaml"))).contains(log + ": \"" + Files.size(log) + "\"");
        assertThat(Files.readString(dir.resolve("positions/positions.yaml.sleipnir.yaml")))
                .contains(log + ": \"" + Files.size(log) + "\"", log + ": \"" + FileIdentity.of(log).format() + "\"");
    }

    private static void awaitCaughtUp(CollectingSink sink, List<String> written) {
        eventually().until(() -> sink.size() >= written.size());
        assertThat(sink.lines()).containsExactlyElementsOf(written);
    }
}
