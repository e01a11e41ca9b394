package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** multiline: Promtail's doc example, every flush trigger, streams kept apart, delivery tokens. */
class MultilineStageTest {
    private static final Labels APP = Labels.of("app", "flask");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<LogEntry> out = new ArrayList<>();

    private Pipeline pipeline(String stage) {
        return Pipeline.build("j", StagesHarness.parse(stage), out::add, new AgentMetrics(), clock);
    }

    private CountingDelivery send(Pipeline p, long ts, String line, Labels labels) throws Exception {
        CountingDelivery d = new CountingDelivery(line);
        p.accept(LogEntry.of(ts, line, labels, d));
        return d;
    }

    @Test
    void docExampleJoinsAPythonTracebackWithItsFirstLine() throws Exception {
        Pipeline p = pipeline("""
                - multiline:
                    firstline: '^\\[\\d{4}-\\d{2}-\\d{2} \\d{1,2}:\\d{2}:\\d{2}\\]'
                    max_wait_time: 3s
                """);
        String[] lines = {
            "[2020-12-03 11:36:20] \"GET /hello HTTP/1.1\" 200 -",
            "[2020-12-03 11:36:23] ERROR in app: Exception on /error [GET]",
            "Traceback (most recent call last):",
            "  File \"/home/pallets/.pyenv/versions/3.8.5/lib/python3.8/site-packages/flask/app.py\", line 2447, in wsgi_app",
            "    response = self.full_dispatch_request()",
            "Exception: Sorry, this route always breaks",
            "[2020-12-03 11:36:23] \"GET /error HTTP/1.1\" 500 -",
        };
        List<CountingDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            deliveries.add(send(p, 100 + i, lines[i], APP));
        }
        assertThat(out).extracting(LogEntry::line).containsExactly(lines[0], String.join("\n", lines[1], lines[2],
                lines[3], lines[4], lines[5]));
        assertThat(out.get(1).timestampNanos()).as("the first line's timestamp").isEqualTo(101);
        assertThat(out.get(1).delivery()).as("the first line's token").isSameAs(deliveries.get(1));
        assertThat(deliveries.subList(2, 6)).allSatisfy(d -> assertThat(d.completed).isEqualTo(1));
        assertThat(deliveries.get(1).completed).isZero();

        p.close();
        assertThat(out).extracting(LogEntry::line).endsWith(lines[6]);
    }

    @Test
    void linesBeforeTheFirstFirstLinePassAlone() throws Exception {
        Pipeline p = pipeline("- multiline: {firstline: '^START'}");
        send(p, 1, "orphan 1", APP);
        send(p, 2, "orphan 2", APP);
        send(p, 3, "START a", APP);
        send(p, 4, "more", APP);
        assertThat(out).extracting(LogEntry::line).containsExactly("orphan 1", "orphan 2");
        p.flush();
        assertThat(out).extracting(LogEntry::line).containsExactly("orphan 1", "orphan 2", "START a\nmore");
    }

    @Test
    void maxLinesCutsABlock() throws Exception {
        Pipeline p = pipeline("- multiline: {firstline: '^START', max_lines: 3}");
        send(p, 1, "START", APP);
        for (int i = 1; i <= 4; i++) {
            send(p, 1 + i, "l" + i, APP);
        }
        assertThat(out).extracting(LogEntry::line).containsExactly("START\nl1\nl2");
        p.flush();
        assertThat(out).extracting(LogEntry::line).containsExactly("START\nl1\nl2", "l3\nl4");
    }

    @Test
    void maxWaitTimeFlushesWithoutAnotherLineAndCountsFromTheLastLine() throws Exception {
        Pipeline p = pipeline("- multiline: {firstline: '^START', max_wait_time: 500ms}");
        send(p, 1, "START", APP);
        clock.advance(Duration.ofMillis(400));
        send(p, 2, "more", APP);
        clock.advance(Duration.ofMillis(400));
        p.tick();
        assertThat(out).as("500ms have not passed since the last line").isEmpty();
        clock.advance(Duration.ofMillis(100));
        p.tick();
        assertThat(out).extracting(LogEntry::line).containsExactly("START\nmore");
        clock.advance(Duration.ofSeconds(5));
        p.tick();
        assertThat(out).hasSize(1);
    }

    @Test
    void streamsAreKeptApart() throws Exception {
        Pipeline p = pipeline("- multiline: {firstline: '^START'}");
        Labels a = Labels.of("stream", "stdout");
        Labels b = Labels.of("stream", "stderr");
        send(p, 1, "START a", a);
        send(p, 2, "START b", b);
        send(p, 3, "a2", a);
        send(p, 4, "b2", b);
        send(p, 5, "START a'", a);
        assertThat(out).extracting(LogEntry::line).containsExactly("START a\na2");
        p.close();
        assertThat(out).extracting(LogEntry::line).containsExactlyInAnyOrder("START a\na2", "START b\nb2", "START a'");
    }
}
