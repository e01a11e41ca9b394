package io.sleipnir.tail;

import io.sleipnir.config.PositionsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.positions.SavedPosition;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A running tailer on a temp directory, with fast polling so scenarios take milliseconds. */
final class TailHarness implements AutoCloseable {
    static final Duration SYNC = Duration.ofMillis(300);

    final AgentMetrics metrics = new AgentMetrics();
    final PositionsFile positions;
    final TailManager manager;

    TailHarness(Path positionsFile, TailSettings settings, io.sleipnir.model.EntrySink sink, FileOpener opener, List<String> globs,
                List<String> excludes) throws IOException {
        this(positionsFile, settings, sink, opener, globs, excludes, Clock.systemUTC());
    }

    TailHarness(Path positionsFile, TailSettings settings, io.sleipnir.model.EntrySink sink, FileOpener opener,
                List<String> globs, List<String> excludes, Clock clock) throws IOException {
        this.positions = PositionsFile.open(new PositionsConfig(positionsFile, Duration.ofSeconds(10), false), false, metrics);
        this.manager = new TailManager(settings, positions, metrics, clock, opener);
        manager.setTargets(globs.stream().map(g -> new FileTarget(g, excludes, Labels.of("job", "test"), sink)).toList());
        manager.start();
    }

    static TailSettings settings(long maxLine, boolean truncate, int quantum) {
        return new TailSettings(SYNC, Duration.ofMillis(10), Duration.ofMillis(40), maxLine, truncate, quantum);
    }

    static TailHarness start(Path dir, String glob, CollectingSink sink) throws IOException {
        return new TailHarness(dir.resolve("positions/positions.yaml"), settings(1 << 20, false, 64 * 1024), sink,
                FileOpener.DEFAULT, List.of(glob), List.of());
    }

    /** A saved position without its content print, to compare with {@code new SavedPosition(offset, identity)}. */
    static SavedPosition offsetAndIdentity(SavedPosition saved) {
        return saved == null ? null : new SavedPosition(saved.offset(), saved.identity());
    }

    @Override
    public void close() throws Exception {
        manager.close();
        positions.close();
    }
}
