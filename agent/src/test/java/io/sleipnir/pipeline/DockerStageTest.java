package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void parsesPromtailsDocumentedExampleAndDropsDockersTrailingNewline() throws Exception {
        CountingDelivery d = feed("{\"log\":\"log message\\n\",\"stream\":\"stderr\",\"time\":\"2019-04-30T02:12:41.8443515Z\"}");

        assertThat(out.entries).hasSize(1);
        LogEntry e = out.entries.get(0);
        assertThat(e.line()).isEqualTo("log message");
        assertThat(e.labels()).isEqualTo(FILE.with("stream", "stderr"));
        assertThat(e.timestampNanos()).isEqualTo(Rfc3339Test.nanos("2019-04-30T02:12:41.8443515Z"));
        assertThat(e.delivery()).isSameAs(d);
        assertThat(d.completed).isZero();
        assertThat(malformed()).isZero();
    }

    @Test
    void removesExactlyOneTrailingNewlineAndKeepsEscapesDecoded() throws Exception {
        feed("{\"log\":\"two\\n\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:00Z\"}");
        feed("{\"log\":\"crlf\\r\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:00Z\"}");
        feed("{\"log\":\"tab\\there \\\"q\\\" \\u00e9\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:00Z\"}");

        assertThat(out.lines()).containsExactly("two\n", "crlf\r", "tab\there \"q\" é");
    }

    @Test
    void ignoresOtherFieldsInAnyOrder() throws Exception {
        feed("{\"attrs\":{\"tag\":\"x\",\"n\":[1,2]},\"time\":\"2026-01-01T01:00:00+01:00\",\"stream\":\"stdout\","
                + "\"extra\":null,\"log\":\"hello\\n\"}");

        assertThat(out.lines()).containsExactly("hello");
        assertThat(out.entries.get(0).timestampNanos())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
    }

    @Test
    void joinsRecordsSplitAt16KiBKeepingTheFirstRecordsDeliveryToken() throws Exception {
        CountingDelivery first = feed("{\"log\":\"aaa\",\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:00Z\"}");
        CountingDelivery err = feed("{\"log\":\"error\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-25T10:00:01Z\"}");
        CountingDelivery second = feed("{\"log\":\"bbb\",\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:02Z\"}");
        CountingDelivery last = feed("{\"log\":\"ccc\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:03Z\"}");

        assertThat(out.lines()).containsExactly("error", "aaabbbccc");
        LogEntry merged = out.entries.get(1);
        assertThat(merged.timestampNanos()).isEqualTo(Rfc3339Test.nanos("2026-11-25T10:00:03Z"));
        assertThat(merged.delivery()).isSameAs(first);
        assertThat(first.completed).isZero();
        assertThat(second.completed).isEqualTo(1);
        assertThat(last.completed).isEqualTo(1);
        assertThat(err.completed).isZero();
    }

    @Test
    void flushEmitsARecordWhoseLineNeverEnded() throws Exception {
        feed("{\"log\":\"no newline at exit\",\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:00Z\"}");
        assertThat(out.entries).isEmpty();

        docker.flush(out);

        assertThat(out.lines()).containsExactly("no newline at exit");
    }

    @Test
    void passesInvalidJsonThroughUnchangedWithItsReadTime() throws Exception {
        List<String> bad = List.of(
                "not json",
                "{\"log\":\"x\\n\"",
                "[\"log\"]",
                "{\"log\":\"x\\n\"} trailing",
                "{\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:00Z\"}",
                "{\"log\":42}",
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
    void aMissingOrInvalidTimeKeepsTheReadTime() throws Exception {
        feed("{\"log\":\"a\\n\",\"stream\":\"stdout\"}");
        feed("{\"log\":\"b\\n\",\"stream\":\"stdout\",\"time\":\"soon\"}");

        assertThat(out.lines()).containsExactly("a", "b");
        assertThat(out.entries).allSatisfy(e -> assertThat(e.timestampNanos()).isEqualTo(READ_TIME));
        assertThat(malformed()).isEqualTo(2);
    }
}
