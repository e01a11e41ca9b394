package io.sleipnir.cli;

import io.sleipnir.loki.LokiClient;
import io.sleipnir.loki.PushTrouble;
import io.sleipnir.pipeline.Pipeline;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.positions.SavedPosition;
import io.sleipnir.source.FiniteSource;
import io.sleipnir.source.Source;
import io.sleipnir.tail.TailManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What -exit-on-eof and -stdin wait for, asked of whichever runtime and positions file the {@link Agent} runs at
 * each look: every file read to its end, every finite source ended, the stages' buffers handed on, every line
 * delivered; or a push failure that lasted too long. The public doors are {@link Agent}'s methods of the same names.
 */
final class CatchUp {
    private static final Duration CAUGHT_UP_POLL = Duration.ofMillis(50);

    private final Supplier<AgentRuntime> runtime;
    private final Supplier<PositionsFile> positions;
    private final Clock clock;
    /** -exit-on-eof's pending question to the reader; only the awaiting thread touches it. */
    private CompletableFuture<Boolean> readQuestion;

    CatchUp(Supplier<AgentRuntime> runtime, Supplier<PositionsFile> positions, Clock clock) {
        this.runtime = runtime;
        this.positions = positions;
        this.clock = clock;
    }

    PushTrouble awaitFiniteSources(Duration failingFor) throws InterruptedException {
        for (Source source : runtime.get().sources()) {
            if (source instanceof FiniteSource finite) {
                finite.awaitEnd();
            }
        }
        for (Pipeline p : runtime.get().pipelines()) {
            p.flush();
        }
        while (unacknowledgedFromFiniteSources() > 0) {
            PushTrouble trouble = pushTrouble();
            if (trouble != null && !clock.instant().isBefore(trouble.since().plus(failingFor))) {
                return trouble;
            }
            Thread.sleep(CAUGHT_UP_POLL.toMillis());
        }
        return null;
    }

    long unacknowledgedFromFiniteSources() {
        long n = 0;
        for (Source source : runtime.get().sources()) {
            if (source instanceof FiniteSource finite) {
                n += finite.unacknowledged();
            }
        }
        return n;
    }

    boolean caughtUp() {
        return !runtime.get().tail().activeFiles().isEmpty() && allDelivered(Map.of());
    }

    /**
     * Every tailed file's committed position is at its end (true when nothing is tailed): {@code ends} where given
     * (the reader's own, for a decompressed file whose offsets count uncompressed bytes), else its size on disk.
     */
    private boolean allDelivered(Map<String, Long> ends) {
        Map<String, SavedPosition> saved = positions.get().snapshot();
        for (String f : runtime.get().tail().activeFiles()) {
            SavedPosition p = saved.get(f);
            try {
                if (p == null || p.offset() != (ends.containsKey(f) ? ends.get(f) : Files.size(Path.of(f)))) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * What -exit-on-eof waits for: the first scan of the targets is done (a glob that matches nothing is done
     * then), every file is read to its end (its last line without a newline is emitted then, see
     * {@link TailManager#readToEndEmittingUnterminated()}), the stages have handed on what they hold (cri P
     * fragments, a docker record without its newline, a multiline block), and every line read is delivered.
     */
    private boolean finished() throws InterruptedException {
        if (readQuestion == null) {
            readQuestion = runtime.get().tail().readToEndEmittingUnterminated();
        }
        if (!readQuestion.isDone()) {
            return false; // the reader is busy (a blocked sink): ask again when it has answered
        }
        boolean readToEnd = readQuestion.handle((answer, failure) -> failure == null && answer).join();
        readQuestion = null;
        if (!readToEnd) {
            return false;
        }
        for (Pipeline p : runtime.get().pipelines()) {
            p.flush();
        }
        return allDelivered(runtime.get().tail().readToEndOffsets());
    }

    void awaitCaughtUp() throws InterruptedException {
        while (!finished()) {
            Thread.sleep(CAUGHT_UP_POLL.toMillis());
        }
    }

    PushTrouble awaitCaughtUp(Duration failingFor) throws InterruptedException {
        while (!finished()) {
            PushTrouble trouble = pushTrouble();
            if (trouble != null && !clock.instant().isBefore(trouble.since().plus(failingFor))) {
                return trouble;
            }
            Thread.sleep(CAUGHT_UP_POLL.toMillis());
        }
        return null;
    }

    PushTrouble pushTrouble() {
        PushTrouble oldest = null;
        for (LokiClient c : runtime.get().clients()) {
            PushTrouble t = c.trouble();
            if (t != null && (oldest == null || t.since().isBefore(oldest.since()))) {
                oldest = t;
            }
        }
        return oldest;
    }
}
