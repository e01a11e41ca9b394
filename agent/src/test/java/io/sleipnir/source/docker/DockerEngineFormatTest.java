package io.sleipnir.source.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.config.DockerSdConfig;
import io.sleipnir.config.PositionsConfig;
import io.sleipnir.config.RelabelConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.LogEntry;
import io.sleipnir.positions.PositionsFile;
import io.sleipnir.source.SourceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What podman's API does not show and Docker's does: nanosecond timestamps, a long line split into 16 KiB frames
 * with a timestamp each, and a TTY container's raw stream. A stand-in Engine API on a unix socket answers with bytes
 * as Docker writes them (a fake only because no Docker daemon runs here; {@code DockerSdScenarioTest} runs podman's).
 */
@Timeout(60)
class DockerEngineFormatTest {
    private static final String ID = "4f2a1c9e0b7d";
    private static final String T1 = "2026-12-02T10:00:00.000000001Z";
    private static final String T2 = "2026-12-02T10:00:00.000000002Z";
    private static final String T3 = "2026-12-02T10:00:01.500000000Z";

    /** {@code __meta_docker_container_log_stream} to {@code stream}: without a label an entry is not sent. */
    private static final List<RelabelConfig> STREAM_LABEL = List.of(new RelabelConfig(
            List.of(ContainerLabels.LOG_STREAM), null, "stream", null, null, null, null));

    @TempDir
    Path dir;

    @Test
    void nanosecondTimestampsSplitFramesJoinedAndTheNextRunSkipsWhatWasAcknowledged() throws Exception {
        String longLine = "y".repeat(16384 + 100);
        byte[] log = LogRecordReaderTest.concat(
                LogRecordReaderTest.frame(1, T1 + " first\n"),
                LogRecordReaderTest.frame(1, T2 + " " + longLine.substring(0, 16384)),
                LogRecordReaderTest.frame(2, T2 + " an error\n"),
                LogRecordReaderTest.frame(1, T2 + " " + longLine.substring(16384) + "\n"),
                LogRecordReaderTest.frame(1, T3 + " last\n"));
        try (FakeEngine engine = new FakeEngine(dir.resolve("d.sock"), false, log)) {
            Path positionsPath = dir.resolve("positions.yaml");
            List<LogEntry> got = run(engine, positionsPath, 4);
            assertThat(got).extracting(LogEntry::line).containsExactly("first", "an error", longLine, "last");
            assertThat(got).extracting(LogEntry::timestampNanos).containsExactly(nanos(T1), nanos(T2), nanos(T2),
                    nanos(T3));
            assertThat(got.get(1).labels().get("stream")).isEqualTo("stderr");
            assertThat(got.get(2).labels().get("stream")).isEqualTo("stdout");
            assertThat(engine.requests).anyMatch(r -> r.startsWith("GET /containers/" + ID + "/logs?follow=1&stdout=1"
                    + "&stderr=1&timestamps=1 "));

            // A second run: the daemon answers from the saved second on (inclusive); nothing is handed on twice.
            engine.requests.clear();
            engine.logsEnded = false;
            engine.log = LogRecordReaderTest.concat(log, LogRecordReaderTest.frame(1, T3 + " after\n"));
            assertThat(run(engine, positionsPath, 1)).extracting(LogEntry::line).containsExactly("after");
            assertThat(engine.requests).anyMatch(r -> r.contains("&since=" + nanos(T3) / 1_000_000_000L + " "));
        }
    }

    @Test
    void aTtyContainersRawLinesAreStdout() throws Exception {
        byte[] raw = (T1 + " tty one\r\n" + T2 + " tty two\r\n").getBytes(StandardCharsets.UTF_8);
        try (FakeEngine engine = new FakeEngine(dir.resolve("d.sock"), true, raw)) {
            List<LogEntry> got = run(engine, dir.resolve("positions.yaml"), 2);
            assertThat(got).extracting(LogEntry::line).containsExactly("tty one", "tty two");
            assertThat(got.get(0).labels().get("stream")).isEqualTo("stdout");
        }
    }

    @Test
    void aStopWhileThePipelineIsBlockedKeepsTheUnacknowledgedForTheNextRun() throws Exception {
        byte[] log = LogRecordReaderTest.concat(LogRecordReaderTest.frame(1, T1 + " acked\n"),
                LogRecordReaderTest.frame(1, T2 + " blocked\n"), LogRecordReaderTest.frame(1, T3 + " never read\n"));
        try (FakeEngine engine = new FakeEngine(dir.resolve("d.sock"), false, log)) {
            Path positionsPath = dir.resolve("positions.yaml");
            AgentMetrics metrics = new AgentMetrics();
            List<String> handed = new CopyOnWriteArrayList<>();
            try (PositionsFile positions = PositionsFile.open(new PositionsConfig(positionsPath, Duration.ofSeconds(10),
                    false), false, metrics)) {
                DockerSource source = new DockerSource(config(engine), STREAM_LABEL, new SourceContext("docker", entry -> {
                    handed.add(entry.line());
                    if (entry.line().equals("blocked")) {
                        Thread.sleep(Long.MAX_VALUE); // a pipeline that never takes it: back-pressure
                    }
                    entry.delivery().complete();
                }, metrics, Clock.systemUTC(), positions));
                source.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> handed.contains("blocked"));
                source.close(); // interrupts the reader blocked in the pipeline
                assertThat(handed).as("nothing read past the blocked entry").containsExactly("acked", "blocked");
                assertThat(positions.cursor(ContainerLog.positionKey(ID))).isEqualTo(
                        new DockerPosition(nanos(T1), 1).text());
            }
            assertThat(run(engine, positionsPath, 2)).extracting(LogEntry::line).containsExactly("blocked",
                    "never read");
        }
    }

    @Test
    void aFollowAfterALiveStreamThatLeftRecordsOutReadsThoseAndNothingTwice() throws Exception {
        // podman's whole-second stamps: six records share one second. Its live stream around a restart showed
        // a, b, f (c, d and e left out); the next follow's read of the log shows all six.
        String t = "2026-12-02T10:00:00Z ";
        List<String> all = List.of("a", "b", "c", "d", "e", "f");
        byte[] live = LogRecordReaderTest.concat(LogRecordReaderTest.frame(1, t + "a\n"),
                LogRecordReaderTest.frame(1, t + "b\n"), LogRecordReaderTest.frame(1, t + "f\n"));
        byte[] stored = LogRecordReaderTest.concat(all.stream().map(l -> LogRecordReaderTest.frame(1, t + l + "\n"))
                .toArray(byte[][]::new));
        try (FakeEngine engine = new FakeEngine(dir.resolve("d.sock"), false, live)) {
            engine.logAfterFirst = stored;
            AgentMetrics metrics = new AgentMetrics();
            List<String> got = new CopyOnWriteArrayList<>();
            try (PositionsFile positions = PositionsFile.open(new PositionsConfig(dir.resolve("positions.yaml"),
                    Duration.ofSeconds(10), false), false, metrics)) {
                DockerSdConfig everyTenthSecond = new DockerSdConfig(engine.socket, 80, "localhost", Map.of(),
                        Duration.ofMillis(100), true);
                DockerSource source = new DockerSource(everyTenthSecond, STREAM_LABEL, new SourceContext("docker",
                        entry -> {
                            got.add(entry.line());
                            entry.delivery().complete();
                        }, metrics, Clock.systemUTC(), positions));
                source.start();
                try {
                    // A third follow, after the one that found c, d and e, reads the same six again.
                    await().atMost(Duration.ofSeconds(30)).until(() -> engine.logRequests.get() >= 4);
                } finally {
                    source.close();
                }
            }
            assertThat(got).containsExactly("a", "b", "f", "c", "d", "e");
        }
    }

    private static DockerSdConfig config(FakeEngine engine) {
        return new DockerSdConfig(engine.socket, 80, "localhost", Map.of(), Duration.ofHours(1), true);
    }

    /** Runs a source until {@code expected} entries came (each acknowledged at once), then stops it. */
    private List<LogEntry> run(FakeEngine engine, Path positionsPath, int expected) throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        List<LogEntry> got = new CopyOnWriteArrayList<>();
        try (PositionsFile positions = PositionsFile.open(new PositionsConfig(positionsPath, Duration.ofSeconds(10),
                false), false, metrics)) {
            DockerSource source = new DockerSource(config(engine), STREAM_LABEL, new SourceContext("docker", entry -> {
                        got.add(entry);
                        entry.delivery().complete();
                    }, metrics, Clock.systemUTC(), positions));
            source.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> got.size() >= expected && engine.logsEnded);
            } finally {
                source.close();
            }
            positions.sync();
        }
        return got;
    }

    private static long nanos(String rfc3339) {
        return io.sleipnir.golang.Rfc3339.parseNanos(rfc3339);
    }

    /** Answers the four calls the source makes; the log as one chunked body, then the connection's end. */
    private static final class FakeEngine implements AutoCloseable {
        final Path socket;
        final boolean tty;
        final List<String> requests = new CopyOnWriteArrayList<>();
        volatile byte[] log;
        /** When set, what the logs call answers after its first answer (a later read of the log). */
        volatile byte[] logAfterFirst;
        final java.util.concurrent.atomic.AtomicInteger logRequests = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean logsEnded;
        private final ServerSocketChannel server;
        private final Thread thread;

        FakeEngine(Path socket, boolean tty, byte[] log) throws IOException {
            this.socket = socket;
            this.tty = tty;
            this.log = log;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            thread = new Thread(this::serve, "fake-engine");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (true) {
                try (SocketChannel c = server.accept()) {
                    InputStream in = Channels.newInputStream(c);
                    ByteArrayOutputStream head = new ByteArrayOutputStream();
                    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        head.write(b);
                    }
                    String requestLine = head.toString(StandardCharsets.ISO_8859_1).split("\r\n")[0];
                    requests.add(requestLine);
                    String path = requestLine.split(" ")[1];
                    if (path.startsWith("/containers/" + ID + "/logs")) {
                        write(c, "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n");
                        byte[] body = logRequests.getAndIncrement() > 0 && logAfterFirst != null ? logAfterFirst : log;
                        for (int at = 0; at < body.length; at += 5000) { // chunks that cut frames anywhere
                            int n = Math.min(5000, body.length - at);
                            write(c, Integer.toHexString(n) + "\r\n");
                            c.write(ByteBuffer.wrap(body, at, n));
                            write(c, "\r\n");
                        }
                        write(c, "0\r\n\r\n");
                        logsEnded = true;
                        continue;
                    }
                    String json = path.equals("/networks") ? "[]"
                            : path.startsWith("/containers/json") ? "[{\"Id\":\"" + ID + "\",\"Names\":[\"/app\"]}]"
                            : path.equals("/containers/" + ID + "/json") ? "{\"Config\":{\"Tty\":" + tty + "}}"
                            : null;
                    byte[] body = (json == null ? "{\"message\":\"no such thing\"}" : json)
                            .getBytes(StandardCharsets.UTF_8);
                    write(c, "HTTP/1.1 " + (json == null ? "404 Not Found" : "200 OK")
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
                    c.write(ByteBuffer.wrap(body));
                } catch (IOException e) {
                    if (!server.isOpen()) {
                        return;
                    }
                }
            }
        }

        private static void write(SocketChannel c, String text) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
            while (b.hasRemaining()) {
                c.write(b);
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(5000);
        }
    }
}
