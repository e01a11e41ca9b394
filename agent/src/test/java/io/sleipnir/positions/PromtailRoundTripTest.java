package io.sleipnir.positions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sleipnir.config.PositionsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.tail.FileIdentity;
import io.sleipnir.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 7: the positions file Sleipnir writes is one Promtail reads (a rollback is a config change), and the
 * file Promtail writes is one Sleipnir reads. Promtail 2.8 reads it with yaml.v2's {@code UnmarshalStrict} into
 * {@code type File struct { Positions map[string]string `yaml:"positions"` }} (3.x's main decodes with yaml.v3 and
 * {@code KnownFields(true)}): any other key fails its start with {@code field identities not found in type
 * positions.File}. {@link PromtailFile} mirrors that struct, read as strictly.
 */
class PromtailRoundTripTest {
    /** Promtail's {@code positions.File}. */
    record PromtailFile(Map<String, String> positions) {
    }

    private static final ObjectMapper PROMTAIL = promtailsParser();

    @TempDir
    Path dir;
    private final AgentMetrics metrics = new AgentMetrics();

    private static ObjectMapper promtailsParser() {
        ObjectMapper m = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return m;
    }

    private PositionsConfig config(Path file) {
        return new PositionsConfig(file, Duration.ofSeconds(10), false);
    }

    private static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + ".sleipnir.yaml");
    }

    @Test
    void whatSleipnirWritesIsReadByAParserThatAcceptsExactlyPromtailsSchema() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path a = Files.writeString(dir.resolve("a.log"), "hello\nworld\n");
        Path b = Files.writeString(dir.resolve("odd name: #1.log"), "x\n");
        try (PositionsFile positions = PositionsFile.open(config(file), false, metrics)) {
            FileAckTracker ta = positions.forPath(a.toString()).startGeneration(FileIdentity.of(a), 0);
            ta.newDelivery(6).complete();
            ta.newDelivery(12); // read, not yet answered: the offset stays at 6
            positions.forPath(b.toString()).startGeneration(FileIdentity.of(b), 0).newDelivery(2).complete();
            positions.putCursor("cursor-journal", "s=abc;i=12;b=def;m=1f;t=5f0;x=9");
            positions.sync();
        }
        String text = Files.readString(file);
        PromtailFile read = PROMTAIL.readValue(text, PromtailFile.class);
        assertThat(read.positions()).isEqualTo(Map.of(a.toString(), "6", b.toString(), "2",
                "cursor-journal", "s=abc;i=12;b=def;m=1f;t=5f0;x=9"));
        // Offsets are quoted strings, as Promtail's yaml.Marshal writes them.
        assertThat(text.lines().skip(1)).allSatisfy(line -> assertThat(line).matches("  .+: \".*\""));
        // What Promtail would refuse lives beside it.
        assertThat(Files.readString(sidecar(file))).contains("identities:", a + ": \"" + FileIdentity.of(a).format());
        try (PositionsFile again = PositionsFile.open(config(file), true, metrics)) {
            assertThat(again.get(a.toString())).isEqualTo(new SavedPosition(6, FileIdentity.of(a)));
        }
    }

    @Test
    void theStrictParserRefusesTheOldFormatAsPromtailDid() {
        // The control for the test above: the one-file format of before is what Promtail refused.
        String old = "positions:\n  /var/log/a.log: \"6\"\nidentities:\n  /var/log/a.log: \"1:2\"\n";
        assertThatThrownBy(() -> PROMTAIL.readValue(old, PromtailFile.class))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("\"identities\"");
    }

    @Test
    void aFileAsPromtailWritesItIsReadAndWrittenBackInItsSchema() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path a = Files.writeString(dir.resolve("a.log"), "0123456789\n");
        // yaml.v2's Marshal of Promtail's File: keys sorted, a number-like string quoted, other strings plain.
        String promtails = "positions:\n  cursor-journal: s=abc;i=12\n  " + a + ": \"7\"\n";
        Files.writeString(file, promtails);
        try (LogCapture logs = LogCapture.start(Level.INFO);
             PositionsFile positions = PositionsFile.open(config(file), false, metrics)) {
            assertThat(positions.get(a.toString())).isEqualTo(new SavedPosition(7, null));
            assertThat(positions.cursor("cursor-journal")).isEqualTo("s=abc;i=12");
            assertThat(logs.lines(Level.INFO, "matched by path only, as Promtail does")).hasSize(1);
            positions.forPath(a.toString()).startGeneration(FileIdentity.of(a), 7).newDelivery(11).complete();
            positions.sync();
        }
        assertThat(PROMTAIL.readValue(Files.readString(file), PromtailFile.class).positions())
                .isEqualTo(Map.of(a.toString(), "11", "cursor-journal", "s=abc;i=12"));
    }

    @Test
    void aStopBetweenTheTwoWritesResumesFromTheNewerSidecarEvenAcrossARotation() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path log = Files.writeString(dir.resolve("app.log"), "first\n");
        FileIdentity old = FileIdentity.of(log);
        byte[] mainBefore;
        try (PositionsFile positions = PositionsFile.open(config(file), false, metrics)) {
            PathPositions path = positions.forPath(log.toString());
            FileAckTracker first = path.startGeneration(old, 0);
            first.newDelivery(6).complete();
            positions.sync();
            mainBefore = Files.readAllBytes(file);

            // Rotated: the old file is read to its end and answered, the new one at the path is at 4.
            Files.move(log, dir.resolve("app.log.1"));
            Files.writeString(log, "new\nmore\n");
            first.finishReading();
            FileAckTracker second = path.startGeneration(FileIdentity.of(log), 0);
            second.newDelivery(4).complete();
            second.newDelivery(9);
            positions.sync();
            // The stop: the sidecar is written, the main file is not (it is still the one before).
            Files.write(file, mainBefore);
            assertThat(Files.readString(file)).contains(log + ": \"6\"");

            try (LogCapture logs = LogCapture.start(Level.INFO);
                 PositionsFile restarted = PositionsFile.open(config(file), true, metrics)) {
                // Path-only matching would resume the new file at 6 and skip "more" from its start: it must be 4.
                assertThat(restarted.get(log.toString())).isEqualTo(new SavedPosition(4, FileIdentity.of(log)));
                assertThat(logs.lines(Level.INFO, "stopped between writing")).hasSize(1);
            }
            // Promtail, rolled back at that moment, reads the main file as it stands.
            assertThat(PROMTAIL.readValue(mainBefore, PromtailFile.class).positions()).containsEntry(log.toString(), "6");
        }
    }

    @Test
    void aMainFileChangedByPromtailWinsAndOnlyUnchangedPathsKeepTheirIdentity() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path a = Files.writeString(dir.resolve("a.log"), "0123456789\n");
        Path b = Files.writeString(dir.resolve("b.log"), "abc\n");
        try (PositionsFile positions = PositionsFile.open(config(file), false, metrics)) {
            positions.forPath(a.toString()).startGeneration(FileIdentity.of(a), 0).newDelivery(6).complete();
            positions.forPath(b.toString()).startGeneration(FileIdentity.of(b), 0).newDelivery(4).complete();
            positions.sync();
        }
        // A rollback to Promtail that read a further: it rewrote the main file, not the sidecar.
        Files.writeString(file, "positions:\n  " + a + ": \"11\"\n  " + b + ": \"4\"\n");
        try (LogCapture logs = LogCapture.start(Level.INFO);
             PositionsFile positions = PositionsFile.open(config(file), true, metrics)) {
            assertThat(positions.get(a.toString())).isEqualTo(new SavedPosition(11, null));
            assertThat(positions.get(b.toString())).isEqualTo(new SavedPosition(4, FileIdentity.of(b)));
            assertThat(logs.lines(Level.WARNING, "1 of 2 file positions are matched by path only")).hasSize(1);
        }
    }

    @Test
    void aCorruptOrMissingSidecarIsNeverFatalAndFallsBackToPathOnly() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path a = Files.writeString(dir.resolve("a.log"), "0123456789\n");
        try (PositionsFile positions = PositionsFile.open(config(file), false, metrics)) {
            positions.forPath(a.toString()).startGeneration(FileIdentity.of(a), 0).newDelivery(6).complete();
            positions.sync();
        }
        Files.write(sidecar(file), new byte[100]);
        try (LogCapture logs = LogCapture.start(Level.INFO);
             PositionsFile positions = PositionsFile.open(config(file), true, metrics)) {
            assertThat(positions.get(a.toString())).isEqualTo(new SavedPosition(6, null));
            assertThat(logs.lines(Level.WARNING, "ignoring " + sidecar(file) + " (it contains NUL bytes)")).hasSize(1);
        }
        Files.writeString(sidecar(file), "main: [\n");
        try (PositionsFile positions = PositionsFile.open(config(file), true, metrics)) {
            assertThat(positions.get(a.toString())).isEqualTo(new SavedPosition(6, null));
        }
        Files.delete(sidecar(file));
        try (PositionsFile positions = PositionsFile.open(config(file), true, metrics)) {
            assertThat(positions.get(a.toString())).isEqualTo(new SavedPosition(6, null));
        }
    }

    /** Deleting the positions file starts afresh, as with Promtail, even though its sidecar is still beside it. */
    @Test
    void aDeletedPositionsFileStartsAfreshThoughItsSidecarRemains() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path a = Files.writeString(dir.resolve("a.log"), "0123456789\n");
        try (PositionsFile positions = PositionsFile.open(config(file), false, metrics)) {
            positions.forPath(a.toString()).startGeneration(FileIdentity.of(a), 0).newDelivery(6).complete();
            positions.sync();
        }
        assertThat(sidecar(file)).exists();
        Files.delete(file);
        try (LogCapture logs = LogCapture.start(Level.INFO);
             PositionsFile positions = PositionsFile.open(config(file), true, metrics)) {
            assertThat(positions.get(a.toString())).isNull();
            assertThat(logs.lines(Level.INFO, "no " + file + " beside " + sidecar(file))).hasSize(1);
        }
    }

    @Test
    void anOlderSleipnirsOneFileFormatIsReadAndSplitOnTheNextWrite() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path a = Files.writeString(dir.resolve("a.log"), "0123456789\n");
        FileIdentity id = FileIdentity.of(a);
        Files.writeString(file, "positions:\n  " + a + ": \"6\"\nidentities:\n  " + a + ": \"" + id.format()
                + "\"\nstamps:\n  " + a + ": \"0@1000\"\n");
        try (PositionsFile positions = PositionsFile.open(config(file), false, metrics)) {
            assertThat(positions.get(a.toString())).isEqualTo(new SavedPosition(6, id));
            positions.forPath(a.toString()); // still tailed: its entry and anchors are kept
            positions.sync();
        }
        assertThat(PROMTAIL.readValue(Files.readString(file), PromtailFile.class).positions())
                .isEqualTo(Map.of(a.toString(), "6"));
        assertThat(Files.readString(sidecar(file))).contains(a + ": \"" + id.format() + "\"", a + ": \"0@1000\"");
        try (PositionsFile positions = PositionsFile.open(config(file), true, metrics)) {
            assertThat(positions.get(a.toString())).isEqualTo(new SavedPosition(6, id));
        }
    }
}
