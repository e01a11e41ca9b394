package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.model.EntrySink;
import io.sleipnir.positions.SavedPosition;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rotation that lands between the reader's stat of a path and its open of it: the channel then holds the newer
 * file. Found as a lost generation when the kubelet rotated twice in quick succession while the agent lagged. The
 * opener seam runs the rotation at that exact moment, so each race happens every time.
 */
@Timeout(60)
class RotationRaceTest {
    @TempDir
    Path dir;

    /** Runs {@code beforeOpen} once, just before the next open of {@code path}, then opens as usual. */
    private static final class RacingOpener implements FileOpener {
        private final Path path;
        private final AtomicReference<IoAction> beforeOpen = new AtomicReference<>();

        RacingOpener(Path path) {
            this.path = path;
        }

        void arm(IoAction action) {
            beforeOpen.set(action);
        }

        boolean fired() {
            return beforeOpen.get() == null;
        }

        @Override
        public FileChannel open(Path p) throws IOException {
            if (p.equals(path)) {
                IoAction action = beforeOpen.getAndSet(null);
                if (action != null) {
                    action.run();
                }
            }
            return DEFAULT.open(p);
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static List<String> lines(String generation, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(generation + " line " + i);
        }
        return out;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** logrotate's create mode: the file is renamed to {@code <name>.<n>} and a new one started with {@code lines}. */
    private static void rotate(Path log, int n, List<String> lines) throws IOException {
        Files.move(log, log.resolveSibling(log.getFileName() + "." + n));
        write(log, lines);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** A tailer of {@code dir/*.log} with its positions under {@code dir}: the same ones again when started again. */
    private TailHarness tailer(EntrySink sink, FileOpener opener, int quantum) throws IOException {
        return new TailHarness(dir.resolve("positions/positions.yaml"), TailHarness.settings(1 << 20, false, quantum),
                sink, opener, List.of(dir + "/*.log"), List.of());
    }

    /** The race ran, and the positions file holds the file now at {@code log}, read to its end. */
    private static void awaitCaughtUpOn(TailHarness h, Path log, RacingOpener opener) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            SavedPosition saved = h.positions.get(log.toString());
            return (opener == null || opener.fired()) && saved != null && FileIdentity.of(log).equals(saved.identity())
                    && saved.offset() == Files.size(log);
        });
    }

    @Test
    void aSecondRotationBetweenTheStatAndTheOpenOfTheNewFileLosesNeitherGeneration() throws Exception {
        Path log = dir.resolve("app.log");
        write(log, lines("A", 50));
        RacingOpener opener = new RacingOpener(log);
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = tailer(sink, opener, 64 * 1024)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> sink.size() == 50);
            // The reader stats app.log (B) after the first rotation; as it opens it, B is rotated away too.
            opener.arm(() -> rotate(log, 2, lines("C", 50)));
            rotate(log, 1, lines("B", 50));

            awaitCaughtUpOn(h, log, opener);
            assertThat(sink.lines()).containsExactlyElementsOf(concat(concat(lines("A", 50), lines("B", 50)),
                    lines("C", 50)));
        }
    }

    @Test
    void aRotationBetweenTheStatAndTheOpenOfANewlyFoundFileReadsBothFilesOnce() throws Exception {
        Path log = dir.resolve("app.log");
        RacingOpener opener = new RacingOpener(log);
        CollectingSink sink = new CollectingSink(true);
        try (TailHarness h = tailer(sink, opener, 64 * 1024)) {
            // The file appears while we run (after the first look at the glob, or it would count as there
            // before us); as the reader first opens it, it is rotated and a new one started.
            await().atMost(Duration.ofSeconds(20)).until(() -> h.manager.lastRoundCompleted().isPresent());
            opener.arm(() -> rotate(log, 1, lines("B", 50)));
            write(log, lines("A", 50));

            awaitCaughtUpOn(h, log, opener);
            assertThat(sink.lines()).containsExactlyElementsOf(concat(lines("A", 50), lines("B", 50)));
        }
    }

    @Test
    void aRotatedFileRenamedAgainBetweenListingAndOpeningIsFoundUnderItsNewName() throws Exception {
        Path log = dir.resolve("app.log");
        List<String> a = lines("A", 100);
        write(log, a.subList(0, 50));
        CollectingSink first = new CollectingSink(true);
        try (TailHarness h = tailer(first, FileOpener.DEFAULT, 64 * 1024)) {
            awaitCaughtUpOn(h, log, null);
        }
        write(log, a.subList(50, 100));          // written while we are down
        rotate(log, 1, lines("B", 50));          // logrotate: A -> app.log.1

        // As the restarted reader opens app.log.1 to finish A, logrotate runs again: A -> app.log.2, B -> app.log.1.
        RacingOpener opener = new RacingOpener(log.resolveSibling("app.log.1"));
        opener.arm(() -> {
            Files.move(log.resolveSibling("app.log.1"), log.resolveSibling("app.log.2"));
            rotate(log, 1, lines("C", 50));
        });
        CollectingSink second = new CollectingSink(true);
        try (TailHarness h = tailer(second, opener, 64 * 1024)) {
            awaitCaughtUpOn(h, log, opener);
            assertThat(second.lines()).containsExactlyElementsOf(concat(concat(a.subList(50, 100), lines("B", 50)),
                    lines("C", 50)));
        }
    }

    @Test
    void aCopytruncateCopyRenamedAgainWhileItIsLookedForIsFoundUnderItsNewName() throws Exception {
        Path log = dir.resolve("app.log");
        Path copy = log.resolveSibling("app.log.1");
        List<String> a = lines("A", 200);
        write(log, a.subList(0, 100));
        Semaphore gate = new Semaphore(0);
        CollectingSink sink = new CollectingSink(true);
        EntrySink blocking = entry -> {
            if (entry.line().equals("A line 5")) {
                gate.acquire(); // the reader stops a few lines in, as behind a full budget
            }
            sink.accept(entry);
        };
        RacingOpener opener = new RacingOpener(copy);
        try (TailHarness h = tailer(blocking, opener, 256)) {
            await().atMost(Duration.ofSeconds(20)).until(gate::hasQueuedThreads);
            write(log, a.subList(100, 200));     // after the last read: only the copy holds these
            Files.copy(log, copy);               // logrotate's copytruncate
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            write(log, lines("B", 300));
            // As the reader looks at app.log.1 for the copy, logrotate shifts it to app.log.2 for its next copy.
            opener.arm(() -> {
                Files.move(copy, log.resolveSibling("app.log.2"));
                Files.writeString(copy, "another file\n");
            });
            gate.release();

            awaitCaughtUpOn(h, log, opener);
            assertThat(sink.lines()).containsExactlyElementsOf(concat(a, lines("B", 300)));
        }
    }
}
