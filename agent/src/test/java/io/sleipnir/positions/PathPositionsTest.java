package io.sleipnir.positions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.PositionsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.tail.FileIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathPositionsTest {
    private static final FileIdentity OLD = new FileIdentity(1, 10);
    private static final FileIdentity NEW = new FileIdentity(1, 11);

    @TempDir
    Path dir;

    private PositionsFile open() throws IOException {
        return PositionsFile.open(new PositionsConfig(dir.resolve("positions.yaml"), Duration.ofSeconds(10), false),
                false, new AgentMetrics());
    }

    @Test
    void entryDescribesTheOldFileUntilItIsDrainedAndAcknowledged() throws IOException {
        try (PositionsFile positions = open()) {
            String path = dir.resolve("0.log").toString();
            PathPositions pp = positions.forPath(path);
            FileAckTracker old = pp.startGeneration(OLD, 40);
            Delivery oldLine = old.newDelivery(50);
            FileAckTracker next = pp.startGeneration(NEW, 0);
            next.newDelivery(5).complete();
            assertThat(positions.get(path)).isEqualTo(new SavedPosition(40, OLD));

            oldLine.complete();
            assertThat(positions.get(path)).isEqualTo(new SavedPosition(50, OLD)); // acked, but not yet read to EOF

            pp.readingFinished(old);
            assertThat(positions.get(path)).isEqualTo(new SavedPosition(5, NEW));
        }
    }

    @Test
    void readToEndButUnacknowledgedKeepsTheOldEntry() throws IOException {
        try (PositionsFile positions = open()) {
            String path = dir.resolve("0.log").toString();
            PathPositions pp = positions.forPath(path);
            FileAckTracker old = pp.startGeneration(OLD, 0);
            Delivery pending = old.newDelivery(10);
            pp.startGeneration(NEW, 0);
            pp.readingFinished(old);
            assertThat(positions.get(path)).isEqualTo(new SavedPosition(0, OLD));
            pending.complete();
            assertThat(positions.get(path)).isEqualTo(new SavedPosition(0, NEW));
        }
    }

    @Test
    void releasedPathIsForgottenOnceAcknowledged() throws IOException {
        try (PositionsFile positions = open()) {
            Path file = Files.writeString(dir.resolve("app.log"), "x\n");
            String path = file.toString();
            PathPositions pp = positions.forPath(path);
            FileAckTracker t = pp.startGeneration(OLD, 0);
            Delivery d = t.newDelivery(2);
            pp.readingFinished(t);
            pp.release();
            assertThat(positions.get(path)).isEqualTo(new SavedPosition(0, OLD));
            d.complete();
            assertThat(positions.get(path)).isNull();
            assertThat(positions.forPath(path)).isNotSameAs(pp);
        }
    }

    @Test
    void aRecreatedFileQueuesBehindTheUnacknowledgedOldOne() throws IOException {
        try (PositionsFile positions = open()) {
            Path file = Files.writeString(dir.resolve("app.log"), "x\n");
            String path = file.toString();
            PathPositions pp = positions.forPath(path);
            FileAckTracker old = pp.startGeneration(OLD, 0);
            var pending = old.newDelivery(2);
            pp.readingFinished(old);
            pp.release(); // deleted and drained, but not acknowledged yet

            PathPositions again = positions.forPath(path); // the path is re-created and tailed again
            assertThat(again).isSameAs(pp);
            FileAckTracker fresh = again.startGeneration(NEW, 0);
            fresh.newDelivery(3).complete();
            assertThat(positions.get(path)).isEqualTo(new SavedPosition(0, OLD));
            pending.complete();
            assertThat(positions.get(path)).isEqualTo(new SavedPosition(3, NEW));
        }
    }
}
