package io.sleipnir.positions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.PositionsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.tail.FileIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-time anchors of a path's later file (read while the rotated one still waits for Loki's answers) are saved
 * too: after a crash that later file is read again from its start, and its lines get their first timestamps.
 */
class RotatedGenerationStampsTest {
    private static final long T0 = 1_767_268_800_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aLaterFilesLinesKeepTheirTimestampsAfterACrashWhileTheRotatedOneWaited() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path log = Files.writeString(dir.resolve("app.log"), "old line\n");
        FileIdentity old = FileIdentity.of(log);
        PositionsConfig config = new PositionsConfig(file, Duration.ofSeconds(10), false);
        long[] first = new long[3];
        FileIdentity fresh;
        try (PositionsFile positions = PositionsFile.open(config, false, new AgentMetrics())) {
            PathPositions path = positions.forPath(log.toString());
            FileAckTracker rotated = path.startGeneration(old, 0);
            rotated.newDelivery(9); // sent, never answered: the path's entry stays on the rotated file
            rotated.timestamp(0, T0);
            rotated.finishReading();
            Files.move(log, dir.resolve("app.log.1"));
            Files.writeString(log, "a\nb\nc\n");
            fresh = FileIdentity.of(log);
            FileAckTracker later = path.startGeneration(fresh, 0);
            for (int i = 0; i < 3; i++) {
                later.newDelivery(2L * (i + 1)).complete(); // answered, but the path waits for the rotated file
                first[i] = later.timestamp(2L * i, T0 + 5_000_000_000L * (i + 1)); // a new anchor per line
            }
            positions.sync();
            assertThat(positions.get(log.toString())).isEqualTo(new SavedPosition(0, old));
            assertThat(Files.readString(PositionsSidecar.of(file))).contains("next_generations:\n  " + log + ": \""
                    + fresh.format() + " 0@");
        }
        // The crash left the files as written; after the restart the later file is read again from 0.
        try (PositionsFile restarted = PositionsFile.open(config, true, new AgentMetrics())) {
            PathPositions path = restarted.forPath(log.toString());
            path.startGeneration(old, 0).finishReading();
            FileAckTracker again = path.startGeneration(fresh, 0);
            for (int i = 0; i < 3; i++) {
                again.newDelivery(2L * (i + 1));
                assertThat(again.timestamp(2L * i, T0 + 100_000_000_000L)).as("line " + i).isEqualTo(first[i]);
            }
        }
    }
}
