package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.golang.Rfc3339Test;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerStageTest {
    static final long READ_TIME = 1_700_000_000_000_000_000L;
    static final Labels FILE = Labels.of("filename", "/var/lib/docker/containers/abc/abc-json.log", "job", "docker");

    final AgentMetrics metrics = new AgentMetrics();
    final StageContext context = new StageContext("docker", metrics, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    final DockerStage docker = new DockerStage(context);
    final RecordingSink out = new RecordingSink();

    CountingDelivery feed(String line) throws InterruptedException {
        CountingDelivery d = new CountingDelivery(line);
        docker.process(LogEntry.of(READ_TIME, line, FILE, d), out);
        return d;
    }

    double malformed() {
        return metrics.value("sleipnir_bad_input_total", "kind", "malformed_docker");
    }

    static String record(String logJson, String stream, String time) {
        return "{\"log\":" + logJson + ",\"stream\":\"" + stream + "\",\"time\":\"" + time + "\"}";
    }

    static String chunk(char c) {
        return String.valueOf(c).repeat(DockerStage.SPLIT_RECORD_BYTES);
    }

    /** Promtail docs/sources/clients/promtail/stages/docker.md: the example's line keeps Docker's {@code \n}. */
    @Test
    void promtailDockerMd_keepsDockersTrailingNewlineInTheLine() throws Exception {
        CountingDelivery d = feed("{\"log\":\"log message\\n\",\"stream\":\"stderr\",\"time\":\"2019-04-30T02:12:41.8443515Z\"}");

        assertThat(out.entries).hasSize(1);
        LogEntry e = out.entries.get(0);
        assertThat(e.line()).isEqualTo("log message\n");
        assertThat(e.labels()).isEqualTo(FILE.with("stream", "stderr"));
        assertThat(e.timestampNanos()).isEqualTo(Rfc3339Test.nanos("2019-04-30T02:12:41.8443515Z"));
        assertThat(e.delivery()).isSameAs(d);
        assertThat(d.completed).isZero();
        assertThat(malformed()).isZero();
    }

    @Test
    void promtailDockerMd_theLogTextIsShippedVerbatimCrLfAndEscapesIncluded() throws Exception {
        feed(record("\"two\\n\\n\"", "stdout", "2026-11-25T10:00:00Z"));
        feed(record("\"payment failed\\r\\n\"", "stdout", "2026-11-25T10:00:00Z"));
        feed(record("\"tab\\there \\\"q\\\" \\u00e9\\n\"", "stdout", "2026-11-25T10:00:00Z"));

        assertThat(out.lines()).containsExactly("two\n\n", "payment failed\r\n", "tab\there \"q\" é\n");
    }

    @Test
    void ignoresOtherFieldsInAnyOrder() throws Exception {
        feed("{\"attrs\":{\"tag\":\"x\",\"n\":[1,2]},\"time\":\"2026-01-01T01:00:00+01:00\",\"stream\":\"stdout\","
                + "\"extra\":null,\"log\":\"hello\\n\"}");

        assertThat(out.lines()).containsExactly("hello\n");
        assertThat(out.entries.get(0).timestampNanos())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
    }

    /** Promtail's docker stage is json + labels + timestamp + output (extensions.go, NewDocker), each on its own. */
    @Test
    void promtailExtensionsGo_aNonStringLogIsItsGoTextAndTheOtherFieldsStillApply() throws Exception {
        feed("{\"log\":42,\"stream\":\"stdout\",\"time\":\"2023-10-10T13:55:36.5Z\"}");
        feed("{\"log\":true,\"stream\":\"stdout\",\"time\":\"2023-10-10T13:55:37Z\"}");
        feed("{\"log\":{\"b\":1,\"a\":\"<x>\"},\"stream\":\"stdout\",\"time\":\"2023-10-10T13:55:38Z\"}");
        feed("{\"log\":[1.5,null],\"stream\":\"stderr\",\"time\":\"2023-10-10T13:55:39Z\"}");

        assertThat(out.lines()).containsExactly("42", "true", "{\"a\":\"\\u003cx\\u003e\",\"b\":1}", "[1.5,null]");
        assertThat(out.entries.get(0).labels()).isEqualTo(FILE.with("stream", "stdout"));
        assertThat(out.entries.get(0).timestampNanos()).isEqualTo(Rfc3339Test.nanos("2023-10-10T13:55:36.5Z"));
        assertThat(out.entries.get(3).labels()).isEqualTo(FILE.with("stream", "stderr"));
    }

    @Test
    void promtailExtensionsGo_aMissingLogLeavesTheLineAndStillSetsStreamAndTime() throws Exception {
        String line = "{\"stream\":\"stdout\",\"time\":\"2023-10-10T13:55:36Z\"}";
        feed(line);
        feed("{\"log\":null,\"stream\":7,\"time\":\"2023-10-10T13:55:37Z\"}");

        assertThat(out.lines()).containsExactly(line, "{\"log\":null,\"stream\":7,\"time\":\"2023-10-10T13:55:37Z\"}");
        assertThat(out.entries.get(0).labels()).isEqualTo(FILE.with("stream", "stdout"));
        assertThat(out.entries.get(0).timestampNanos()).isEqualTo(Rfc3339Test.nanos("2023-10-10T13:55:36Z"));
        assertThat(out.entries.get(1).labels()).isEqualTo(FILE.with("stream", "7"));
        assertThat(out.entries.get(1).timestampNanos()).isEqualTo(Rfc3339Test.nanos("2023-10-10T13:55:37Z"));
    }

    @Test
    void promtailDockerStage_aRecordWithoutNewlineUnder16KiBIsSentAtOnce() throws Exception {
        feed(record("\"no newline\"", "stdout", "2026-11-25T10:00:00Z"));

        assertThat(out.lines()).containsExactly("no newline");
    }

    @Test
    void joinsRecordsSplitAt16KiBKeepingTheFirstRecordsDeliveryToken() throws Exception {
        CountingDelivery first = feed(record("\"" + chunk('a') + "\"", "stdout", "2026-11-25T10:00:00Z"));
        CountingDelivery err = feed(record("\"error\\n\"", "stderr", "2026-11-25T10:00:01Z"));
        CountingDelivery second = feed(record("\"" + chunk('b') + "\"", "stdout", "2026-11-25T10:00:02Z"));
        CountingDelivery last = feed(record("\"ccc\\n\"", "stdout", "2026-11-25T10:00:03Z"));

        assertThat(out.lines()).containsExactly("error\n", chunk('a') + chunk('b') + "ccc\n");
        LogEntry merged = out.entries.get(1);
        assertThat(merged.timestampNanos()).isEqualTo(Rfc3339Test.nanos("2026-11-25T10:00:03Z"));
        assertThat(merged.delivery()).isSameAs(first);
        assertThat(first.completed).isZero();
        assertThat(second.completed).isEqualTo(1);
        assertThat(last.completed).isEqualTo(1);
        assertThat(err.completed).isZero();
    }

    @Test
    void flushEmitsA16KiBRecordWhoseLineNeverEnded() throws Exception {
        feed(record("\"" + chunk('x') + "\"", "stdout", "2026-11-25T10:00:00Z"));
        assertThat(out.entries).isEmpty();

        docker.flush(out);

        assertThat(out.lines()).containsExactly(chunk('x'));
    }

    @Test
    void passesInvalidJsonThroughUnchangedWithItsReadTime() throws Exception {
        List<String> bad = List.of(
                "not json",
                "{\"log\":\"x\\n\"",
                "[\"log\"]",
                "{\"log\":\"x\\n\"} trailing",
                "");
        for (String line : bad) {
            feed(line);
        }

        assertThat(out.lines()).containsExactlyElementsOf(bad);
        assertThat(out.entries).allSatisfy(e -> {
            assertThat(e.timestampNanos()).isEqualTo(READ_TIME);
            assertThat(e.labels()).isEqualTo(FILE);
        });
        assertThat(malformed()).isEqualTo(bad.size());
    }

    @Test
    void aMissingOrInvalidTimeWithNoEarlierGoodTimeKeepsTheReadTime() throws Exception {
        feed("{\"log\":\"a\\n\",\"stream\":\"stdout\"}");
        feed("{\"log\":\"b\\n\",\"stream\":\"stdout\",\"time\":\"soon\"}");

        assertThat(out.lines()).containsExactly("a\n", "b\n");
        assertThat(out.entries).allSatisfy(e -> assertThat(e.timestampNanos()).isEqualTo(READ_TIME));
        assertThat(malformed()).isEqualTo(2);
    }

    /** Promtail timestamp.md: action_on_failure defaults to fudge, the stream's last known time plus 1ns. */
    @Test
    void promtailTimestampMd_aBadTimeAfterAGoodOneIsTheLastGoodTimePlusOneNanosecond() throws Exception {
        feed(record("\"good\\n\"", "stdout", "2023-10-10T13:55:36.5Z"));
        feed(record("\"bad\\n\"", "stdout", "yesterday"));
        feed("{\"log\":\"none\\n\",\"stream\":\"stdout\"}");
        feed(record("\"other stream\\n\"", "stderr", "yesterday"));

        long good = Rfc3339Test.nanos("2023-10-10T13:55:36.5Z");
        assertThat(out.entries).extracting(LogEntry::timestampNanos).containsExactly(good, good + 1, good + 2, READ_TIME);
    }
}
