package io.sleipnir.positions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.config.PositionsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.tail.FileIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionsFileTest {
    private static final String PROMTAIL_FILE = """
            positions:
              /var/log/pods/shop_order-7d9f_1234/order/0.log: "75360158"
              /var/log/app.log: "12"
              cursor-journal-job: "s=abc;i=12;b=def"
              journal-legacy: "s=old"
            """;

    @TempDir
    Path dir;
    private final AgentMetrics metrics = new AgentMetrics();

    private PositionsConfig config(Path file, boolean ignoreInvalid) {
        return new PositionsConfig(file, Duration.ofMillis(50), ignoreInvalid);
    }

    @Test
    void readsPromtailsFileAsIsAndKeepsCursorKeys() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Files.writeString(file, PROMTAIL_FILE);
        try (PositionsFile positions = PositionsFile.open(config(file, false), false, metrics)) {
            assertThat(positions.get("/var/log/pods/shop_order-7d9f_1234/order/0.log"))
                    .isEqualTo(new SavedPosition(75360158, null));
            assertThat(positions.get("/var/log/app.log")).isEqualTo(new SavedPosition(12, null));
            assertThat(positions.cursor("cursor-journal-job")).isEqualTo("s=abc;i=12;b=def");
        }
        // The files do not exist here, so Promtail's cleanup drops them on sync; cursors stay untouched.
        assertThat(Files.readString(file)).isEqualTo("""
                positions:
                  cursor-journal-job: "s=abc;i=12;b=def"
                  journal-legacy: "s=old"
                """);
    }

    @Test
    void writesOffsetsAsStringsWithIdentitiesAndReadsThemBack() throws IOException {
        Path file = dir.resolve("sub/dir/positions.yaml");
        Path log = Files.writeString(dir.resolve("a b.log"), "hello\n");
        String logPath = log.toString();
        FileIdentity id = FileIdentity.of(log);
        try (PositionsFile positions = PositionsFile.open(config(file, false), false, metrics)) {
            PathPositions path = positions.forPath(logPath);
            FileAckTracker tracker = path.startGeneration(id, 0);
            tracker.newDelivery(6).complete();
        }
        String written = Files.readString(file);
        assertThat(written).isEqualTo("positions:\n  \"" + logPath + "\": \"6\"\n");
        String sidecar = Files.readString(dir.resolve("sub/dir/positions.yaml.sleipnir.yaml"));
        assertThat(sidecar).contains("main: \"" + PositionsFormat.digest(written.getBytes(StandardCharsets.UTF_8)) + "\"\n")
                .contains("positions:\n  \"" + logPath + "\": \"6\"\nidentities:\n  \""
                        + logPath + "\": \"" + id.device() + ":" + id.inode() + "\"\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("sub/dir/positions.yaml.sleipnir.yaml")))).isEqualTo("rw-------");
        assertThat(metrics.value("sleipnir_positions_writes_total")).isEqualTo(1);
        try (PositionsFile again = PositionsFile.open(config(file, false), true, metrics)) {
            assertThat(again.get(logPath)).isEqualTo(new SavedPosition(6, id));
        }
    }

    @Test
    void quotedKeysAndValuesReadBackAsWritten() throws IOException {
        Path file = dir.resolve("positions.yaml");
        List<String> tricky = List.of("a\"b", "back\\slash", "tab\tnew\nline\rcr", "ctl\u0001del\u007f",
                "colon: hash #", "\u00e9t\u00e9 \ud83d\ude00", " lead", "");
        try (PositionsFile positions = PositionsFile.open(config(file, false), false, metrics)) {
            for (int i = 0; i < tricky.size(); i++) {
                positions.putCursor("cursor-" + tricky.get(i), tricky.get(i));
            }
        }
        assertThat(Files.readString(file)).contains("  \"cursor-a\\\"b\": \"a\\\"b\"\n")
                .contains("\"ctl\\x01del\\x7f\"");
        try (PositionsFile again = PositionsFile.open(config(file, false), true, metrics)) {
            for (String value : tricky) {
                assertThat(again.cursor("cursor-" + value)).isEqualTo(value);
            }
        }
    }

    @Test
    void missingAndEmptyFilesAreEmptyPositions() throws IOException {
        try (PositionsFile missing = PositionsFile.open(config(dir.resolve("none.yaml"), false), true, metrics)) {
            assertThat(missing.snapshot()).isEmpty();
        }
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "\n");
        try (PositionsFile positions = PositionsFile.open(config(empty, false), true, metrics)) {
            assertThat(positions.snapshot()).isEmpty();
        }
        assertThat(dir.resolve("none.yaml")).doesNotExist();
    }

    @Test
    void truncatedFileFailsStartWithTheExactMessage() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Files.writeString(file, "positions:\n  /var/log/app.log: \"12");
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .isInstanceOf(PositionsCorruptException.class)
                .hasMessageStartingWith("positions file " + file + " is corrupt: invalid YAML: ")
                .hasMessageEndingWith("; set positions.ignore_invalid_yaml: true to start afresh");
    }

    @Test
    void nulFilledFileFailsStartWithTheExactMessage() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Files.write(file, new byte[512]);
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .isInstanceOf(PositionsCorruptException.class)
                .hasMessage("positions file " + file + " is corrupt: it contains NUL bytes;"
                        + " set positions.ignore_invalid_yaml: true to start afresh");
    }

    @Test
    void contentPrintsRoundTripUnderPrintsAndABadOneIsCorrupt() throws IOException {
        Path file = dir.resolve("positions.yaml");
        io.sleipnir.tail.ContentPrint print = io.sleipnir.tail.ContentPrint.parse("256:00112233445566778899aabbccddeeff");
        java.util.Map<String, SavedPosition> entries = new java.util.TreeMap<>(java.util.Map.of(
                "/var/log/a.log", new SavedPosition(12, new FileIdentity(1, 2), print),
                "/var/log/b.log", new SavedPosition(3, null)));
        String text = PositionsFormat.renderSidecar(entries, java.util.Map.of(), java.util.Map.of(), java.util.Map.of(),
                "sha256:1", null);
        assertThat(text).endsWith("main: \"sha256:1\"\npositions:\n  /var/log/a.log: \"12\"\n  /var/log/b.log: \"3\"\n"
                + "identities:\n  /var/log/a.log: \"1:2\"\n"
                + "prints:\n  /var/log/a.log: \"256:00112233445566778899aabbccddeeff\"\n");
        assertThat(PositionsFormat.renderPromtail(entries, java.util.Map.of()))
                .as("the main file stays Promtail's schema").doesNotContain("prints");
        PositionsFormat.Parsed read = PositionsFormat.parse(file, text.getBytes(StandardCharsets.UTF_8), true);
        assertThat(read.entries()).isEqualTo(entries);

        Files.writeString(file, "positions:\n  /var/log/a.log: \"12\"\nprints:\n  /var/log/a.log: \"300:zz\"\n");
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .hasMessageContaining("is corrupt: prints./var/log/a.log: content print is not <length>:<32 hex "
                        + "digits>: \"300:zz\"");
    }

    @Test
    void readTimeAnchorsRoundTripUnderStampsAndABadOneIsCorrupt() throws IOException {
        Path file = dir.resolve("positions.yaml");
        java.util.Map<String, SavedPosition> entries = new java.util.TreeMap<>(java.util.Map.of(
                "/var/log/a.log", new SavedPosition(12, null), "/var/log/b.log", new SavedPosition(3, null)));
        java.util.Map<String, List<StampAnchor>> anchors = java.util.Map.of(
                "/var/log/a.log", List.of(new StampAnchor(0, 1_000), new StampAnchor(10, 2_000)),
                "/var/log/gone.log", List.of(new StampAnchor(0, 5)));
        String text = PositionsFormat.renderSidecar(entries, java.util.Map.of(), anchors, java.util.Map.of(),
                "sha256:1", null);
        assertThat(text).endsWith("main: \"sha256:1\"\npositions:\n  /var/log/a.log: \"12\"\n  /var/log/b.log: \"3\"\n"
                + "stamps:\n  /var/log/a.log: \"0@1000 10@2000\"\n");
        PositionsFormat.Parsed read = PositionsFormat.parse(file, text.getBytes(StandardCharsets.UTF_8), true);
        assertThat(read.entries()).isEqualTo(entries);
        assertThat(read.anchors()).isEqualTo(java.util.Map.of("/var/log/a.log", anchors.get("/var/log/a.log")));
        assertThat(read.mainDigest()).isEqualTo("sha256:1");

        Files.writeString(file, "positions:\n  /var/log/a.log: \"12\"\nstamps:\n  /var/log/a.log: \"10@5 3@6\"\n");
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .hasMessageContaining("is corrupt: stamps./var/log/a.log: anchor offsets must increase, got \"10@5 3@6\";");
    }

    @Test
    void wrongShapesAndNonNumbersAreCorrupt() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Files.writeString(file, "positions:\n  /var/log/app.log: \"twelve\"\n");
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .hasMessage("positions file " + file + " is corrupt: the offset of /var/log/app.log is not a number:"
                        + " \"twelve\"; set positions.ignore_invalid_yaml: true to start afresh");
        Files.writeString(file, "positions:\n  - a\n");
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .hasMessageContaining("is corrupt: positions must be a mapping, found a list;");
        Files.writeString(file, "- a\n");
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .hasMessageContaining("is corrupt: expected a mapping with a positions key, found a list;");
        Files.writeString(file, "positions: {}\nextra: 1\n");
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .hasMessageContaining("is corrupt: unknown key \"extra\";");
    }

    @Test
    void unquotedOffsetsAnEmptySectionAndARepeatedKeyReadAsBeforeAndNestedValuesAreCorrupt() throws IOException {
        // Promtail writes offsets quoted; a hand-edited file may not. The last of a repeated key wins.
        Path file = dir.resolve("positions.yaml");
        Files.writeString(file, "positions:\n  /var/log/a.log: 42\n  /var/log/b.log: \"7\"\n  /var/log/a.log: 43\n"
                + "  cursor-journal-job: 12\n");
        try (PositionsFile positions = PositionsFile.open(config(file, false), false, metrics)) {
            assertThat(positions.get("/var/log/a.log")).isEqualTo(new SavedPosition(43, null));
            assertThat(positions.get("/var/log/b.log")).isEqualTo(new SavedPosition(7, null));
            assertThat(positions.cursor("cursor-journal-job")).isEqualTo("12");
        }
        Files.writeString(file, "positions:\n");
        try (PositionsFile positions = PositionsFile.open(config(file, false), false, metrics)) {
            assertThat(positions.get("/var/log/a.log")).isNull();
        }
        Files.writeString(file, "positions:\n  /var/log/a.log: {offset: 3}\n");
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .hasMessageContaining("is corrupt: positions./var/log/a.log must be a string, found a mapping;");
        Files.writeString(file, "positions:\n  /var/log/a.log: [3]\n");
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .hasMessageContaining("is corrupt: positions./var/log/a.log must be a string, found a list;");
        Files.writeString(file, "positions:\n  /var/log/a.log: ~\n");
        assertThatThrownBy(() -> PositionsFile.open(config(file, false), false, metrics))
                .hasMessageContaining("is corrupt: positions./var/log/a.log must be a string, found null;");
    }

    @Test
    void ignoreInvalidYamlStartsEmptyAndRewritesTheFile() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Files.write(file, new byte[64]);
        try (PositionsFile positions = PositionsFile.open(config(file, true), false, metrics)) {
            assertThat(positions.snapshot()).isEmpty();
            positions.sync();
        }
        assertThat(Files.readString(file)).isEqualTo("positions: {}\n");
    }

    @Test
    void readOnlyNeverWrites() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Files.writeString(file, PROMTAIL_FILE);
        Path log = Files.writeString(dir.resolve("x.log"), "abc\n");
        try (PositionsFile positions = PositionsFile.open(config(file, false), true, metrics)) {
            positions.forPath(log.toString()).startGeneration(FileIdentity.of(log), 0).newDelivery(4).complete();
            positions.sync();
            assertThat(positions.get(log.toString()).offset()).isEqualTo(4);
        }
        assertThat(Files.readString(file)).isEqualTo(PROMTAIL_FILE);
        assertThat(metrics.value("sleipnir_positions_writes_total")).isZero();
        assertThat(dir.resolve("ro/positions.yaml")).doesNotExist();
    }

    @Test
    void getAndSnapshotOnlyLookAndLeaveWhatIsWrittenToTheWriter() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path log = Files.writeString(dir.resolve("x.log"), "abc\ndef\n");
        try (PositionsFile positions = PositionsFile.open(config(file, false), false, metrics)) {
            FileAckTracker tracker = positions.forPath(log.toString()).startGeneration(FileIdentity.of(log), 0);
            var first = tracker.newDelivery(4);
            tracker.newDelivery(8); // still pending: the tracker announces the first line's ack only later
            first.complete();

            assertThat(positions.get(log.toString()).offset()).isEqualTo(4);
            assertThat(positions.snapshot().get(log.toString()).offset()).isEqualTo(4);
            assertThat(positions.render()).contains(log + ": \"0\""); // looking published nothing

            positions.sync();
            assertThat(Files.readString(file)).contains(log + ": \"4\"");
        }
    }

    @Test
    void theWriterWritesWhenAnOffsetMovedAndAnUnchangedStateOnlyWhenTheFilesOnDiskAreNotTheLastWrites()
            throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path log = Files.writeString(dir.resolve("x.log"), "abc\ndef\n");
        try (PositionsFile positions = PositionsFile.open(config(file, false), false, metrics)) {
            FileAckTracker tracker = positions.forPath(log.toString()).startGeneration(FileIdentity.of(log), 0);
            positions.sync();
            double writes = metrics.value("sleipnir_positions_writes_total");

            positions.tick(10); // nothing moved: no write
            assertThat(metrics.value("sleipnir_positions_writes_total")).isEqualTo(writes);

            tracker.newDelivery(4).complete(); // the first line is delivered: written at the next look
            positions.tick(10);
            assertThat(metrics.value("sleipnir_positions_writes_total")).isEqualTo(writes + 1);
            assertThat(Files.readString(file)).contains(log + ": \"4\"");

            for (int i = 0; i < 9; i++) {
                positions.tick(10); // unchanged: nothing written for nine looks
            }
            assertThat(metrics.value("sleipnir_positions_writes_total")).isEqualTo(writes + 1);
            positions.tick(10); // the tenth look is the sync_period: Promtail rewrites, the files are unchanged
            assertThat(metrics.value("sleipnir_positions_writes_total")).isEqualTo(writes + 1);

            Files.delete(file); // someone removed it: the next sync_period writes it again
            for (int i = 0; i < 9; i++) {
                positions.tick(10);
            }
            assertThat(file).doesNotExist();
            positions.tick(10);
            assertThat(metrics.value("sleipnir_positions_writes_total")).isEqualTo(writes + 2);
            assertThat(Files.readString(file)).contains(log + ": \"4\"");

            Files.writeString(file, "positions: {}\n"); // changed by someone else: written again too
            for (int i = 0; i < 10; i++) {
                positions.tick(10);
            }
            assertThat(metrics.value("sleipnir_positions_writes_total")).isEqualTo(writes + 3);
            assertThat(Files.readString(file)).contains(log + ": \"4\"");
        }
    }

    @Test
    void startedWriterFollowsADeliveryWithinAboutASecondEvenWithALongSyncPeriod() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path log = Files.writeString(dir.resolve("x.log"), "abc\ndef\n");
        PositionsConfig hourly = new PositionsConfig(file, Duration.ofHours(1), false);
        try (PositionsFile positions = PositionsFile.open(hourly, false, metrics)) {
            FileAckTracker tracker = positions.forPath(log.toString()).startGeneration(FileIdentity.of(log), 0);
            positions.startSyncing();
            tracker.newDelivery(4).complete();
            tracker.newDelivery(8).complete();
            // A hang guard, not a timing assertion: the writer looks every second.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(file) && Files.readString(file).contains(log + ": \"8\""));
        }
    }

    @Test
    void concurrentReadersSeeEitherTheOldOrTheNewFileNeverAMix() throws Exception {
        Path file = dir.resolve("positions.yaml");
        Path log = Files.writeString(dir.resolve("x.log"), "abc\n");
        List<String> seen = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (PositionsFile positions = PositionsFile.open(config(file, false), false, metrics)) {
            FileAckTracker tracker = positions.forPath(log.toString()).startGeneration(FileIdentity.of(log), 0);
            positions.sync();
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        seen.add(Files.readString(file, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        seen.add("ERROR " + e);
                    }
                }
            });
            reader.start();
            for (int i = 1; i <= 200; i++) {
                tracker.newDelivery(i * 1000L).complete();
                positions.sync();
            }
            stop.set(true);
            reader.join();
        }
        assertThat(seen).isNotEmpty().allSatisfy(content -> assertThat(content)
                .matches("(?s)positions:\n  " + log + ": \"\\d+\"\n"));
        try (var stream = Files.list(dir)) {
            assertThat(stream.filter(p -> p.getFileName().toString().contains(".tmp-"))).isEmpty();
        }
    }

    @Test
    void dropsEntriesOfVanishedFilesThatAreNotTailed() throws IOException {
        Path file = dir.resolve("positions.yaml");
        Path kept = Files.writeString(dir.resolve("kept.log"), "x\n");
        Path tailedButDeleted = dir.resolve("draining.log");
        Files.writeString(file, "positions:\n  " + kept + ": \"1\"\n  /nowhere/gone.log: \"5\"\n  "
                + tailedButDeleted + ": \"3\"\n");
        try (PositionsFile positions = PositionsFile.open(config(file, false), false, metrics)) {
            positions.forPath(tailedButDeleted.toString()); // still being drained through its descriptor
            positions.sync();
            assertThat(positions.snapshot()).containsOnlyKeys(kept.toString(), tailedButDeleted.toString());
        }
    }

    @Test
    void scheduledWriterSyncsEveryPeriod() throws Exception {
        Path file = dir.resolve("positions.yaml");
        Path log = Files.writeString(dir.resolve("x.log"), "abc\n");
        try (PositionsFile positions = PositionsFile.open(config(file, false), false, metrics)) {
            positions.startSyncing();
            positions.forPath(log.toString()).startGeneration(FileIdentity.of(log), 0).newDelivery(4).complete();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> Files.exists(file) && Files.readString(file).contains(": \"4\""));
        }
    }
    @Test
    void stoppingWhileTheWriterWritesLogsNoFailureAndLeavesTheLastState() throws Exception {
        Path file = dir.resolve("positions.yaml");
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(PositionsFile.class.getName());
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            // The writer looks every millisecond and finds a moved cursor each time: a stop mostly meets a write.
            for (int stop = 0; stop < 30; stop++) {
                PositionsFile positions = PositionsFile.open(new PositionsConfig(file, Duration.ofMillis(1), false),
                        false, metrics);
                positions.startSyncing();
                double before = metrics.value("sleipnir_positions_writes_total");
                int value = 0;
                while (metrics.value("sleipnir_positions_writes_total") < before + 3) {
                    positions.putCursor("cursor-job", Integer.toString(++value));
                    Thread.onSpinWait();
                }
                positions.putCursor("cursor-job", "last-" + stop);
                positions.close();
                assertThat(Files.readString(file)).contains("cursor-job: \"last-" + stop + "\"");
            }
        } finally {
            log.removeHandler(capture);
        }
        assertThat(warnings).as("a stop is not a failed write").isEmpty();
    }
}
