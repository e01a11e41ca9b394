package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sleipnir.model.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** regex, json, logfmt: the examples of Promtail's stage docs, plus bad input. */
class ParsingStagesTest {

    // ---- regex (docs/sources/send-data/promtail/stages/regex.md) ----

    @Test
    void regexDocExampleExtractsNamedGroupsFromTheLine() throws Exception {
        StagesHarness h = new StagesHarness("""
                - regex:
                    expression: "^(?s)(?P<time>\\\\S+?) (?P<stream>stdout|stderr) (?P<flags>\\\\S+?) (?P<content>.*)$"
                """);
        PipelineEntry e = h.run("2019-01-01T01:00:00.000000001Z stderr P i'm a log message!");

        assertThat(e.extractedView()).contains(entry("time", "2019-01-01T01:00:00.000000001Z"),
                entry("stream", "stderr"), entry("flags", "P"), entry("content", "i'm a log message!"));
        assertThat(e.line()).isEqualTo("2019-01-01T01:00:00.000000001Z stderr P i'm a log message!");
    }

    @Test
    void regexDocExampleWithSourceParsesAnExtractedValue() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json:
                    expressions:
                      time:
                - regex:
                    expression: "^(?P<year>\\\\d+)"
                    source: "time"
                """);
        PipelineEntry e = h.run("{\"time\":\"2019-01-01T01:00:00.000000001Z\"}");

        assertThat(e.extractedView()).contains(entry("time", "2019-01-01T01:00:00.000000001Z"), entry("year", "2019"));
    }

    @Test
    void regexGroupNamesWithUnderscoresKeepTheirNames() throws Exception {
        StagesHarness h = new StagesHarness("""
                - regex:
                    expression: 'user_id=(?P<user_id>\\d+)(?: (?P<opt_flag>x))?'
                """);
        PipelineEntry e = h.run("login user_id=42");

        assertThat(e.extractedView()).contains(entry("user_id", "42"), entry("opt_flag", ""));
    }

    @Test
    void regexWithoutMatchOrWithMissingOrNullSourceChangesNothing() throws Exception {
        StagesHarness h = new StagesHarness("""
                - regex:
                    expression: "^(?P<year>\\\\d+)"
                """);
        assertThat(h.run("no digits").extractedView()).doesNotContainKey("year");

        StagesHarness fromSource = new StagesHarness("""
                - json:
                    expressions: {n: missing_is_null}
                - regex:
                    expression: "(?P<any>.*)"
                    source: n
                - regex:
                    expression: "(?P<other>.*)"
                    source: absent
                """);
        PipelineEntry e = fromSource.run("{\"a\":1}");
        assertThat(e.extractedView()).containsEntry("n", null).doesNotContainKeys("any", "other");
    }

    @Test
    void regexDollarMeansEndOfTextAsInRe2() throws Exception {
        StagesHarness h = new StagesHarness("""
                - regex:
                    expression: "(?P<last>\\\\w+)$"
                """);
        assertThat(h.run("a b\n").extractedView()).doesNotContainKey("last");
        assertThat(h.run("a b").extractedView()).containsEntry("last", "b");
    }

    @Test
    void theExtractedMapStartsWithTheEntrysLabels() throws Exception {
        StagesHarness h = new StagesHarness("""
                - regex:
                    expression: "(?P<filename>x)"
                    source: filename
                """);
        PipelineEntry e = h.run("line", Labels.of("filename", "/var/log/x.log", "job", "app"));

        assertThat(e.extractedView()).containsEntry("job", "app").containsEntry("filename", "x");
    }

    // ---- json (json.md) ----

    @Test
    void jsonDocExampleUsingTheLogLine() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json:
                    expressions:
                      output: log
                      stream: stream
                      timestamp: time
                """);
        PipelineEntry e = h.run("{\"log\":\"log message\\n\",\"stream\":\"stderr\",\"time\":\"2019-04-30T02:12:41.8443515Z\"}");

        assertThat(e.extractedView()).contains(entry("output", "log message\n"), entry("stream", "stderr"),
                entry("timestamp", "2019-04-30T02:12:41.8443515Z"));
    }

    @Test
    void jsonDocExampleUsingExtractedData() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json:
                    expressions:
                      output:    log
                      stream:    stream
                      timestamp: time
                      extra:
                - json:
                    expressions:
                      user:
                    source: extra
                """);
        PipelineEntry e = h.run("{\"log\":\"log message\\n\",\"stream\":\"stderr\","
                + "\"time\":\"2019-04-30T02:12:41.8443515Z\",\"extra\":\"{\\\"user\\\":\\\"marco\\\"}\"}");

        assertThat(e.extractedView()).contains(entry("extra", "{\"user\":\"marco\"}"), entry("user", "marco"));
    }

    @Test
    void jsonDocExampleWithAJmesPathLiteral() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json:
                    expressions:
                      output: log
                      stream: '"grpc.stream"'
                      timestamp: time
                """);
        PipelineEntry e = h.run("{\"log\":\"log message\\n\",\"grpc.stream\":\"stderr\",\"time\":\"2019-04-30T02:12:41.8443515Z\"}");

        assertThat(e.extractedView()).contains(entry("output", "log message\n"), entry("stream", "stderr"));
    }

    @Test
    void jsonKeepsTypesAndReEncodesComplexValuesAsGoDoes() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json:
                    expressions: {n: n, f: f, b: b, z: z, obj: obj, arr: arr, first: 'arr[0]', nested: obj.b, missing: nope}
                - labels: {n: , f: , b: , obj: , z: }
                """);
        PipelineEntry e = h.run("{\"n\":42,\"f\":1.5e-3,\"b\":true,\"z\":null,"
                + "\"obj\":{\"b\":\"<x>\",\"a\":[1,2.5]},\"arr\":[3,\"y\"]}");

        assertThat(e.extractedView()).contains(entry("n", 42.0), entry("f", 0.0015), entry("b", true),
                entry("z", null), entry("obj", "{\"a\":[1,2.5],\"b\":\"\\u003cx\\u003e\"}"), entry("arr", "[3,\"y\"]"),
                entry("first", 3.0), entry("nested", "<x>"), entry("missing", null));
        // As labels, numbers print as Go's FormatFloat(f, 'f', -1, 64); a JSON null sets no label.
        assertThat(e.labels()).isEqualTo(Labels.of("n", "42", "f", "0.0015", "b", "true",
                "obj", "{\"a\":[1,2.5],\"b\":\"\\u003cx\\u003e\"}"));
    }

    @Test
    void invalidJsonPassesUnchangedUnlessDropMalformed() throws Exception {
        StagesHarness keep = new StagesHarness("""
                - json:
                    expressions: {a: a}
                """);
        for (String bad : List.of("not json", "[1,2]", "{\"a\":1} trailing", "", "{\"a\":")) {
            PipelineEntry e = keep.run(bad);
            assertThat(e.line()).isEqualTo(bad);
            assertThat(e.extractedView()).doesNotContainKey("a");
        }

        StagesHarness drop = new StagesHarness("""
                - json:
                    expressions: {a: a}
                    drop_malformed: true
                """);
        CountingDelivery d = new CountingDelivery("bad");
        assertThat(drop.runAll("not json", Labels.empty(), d)).isEmpty();
        assertThat(d.completed).isEqualTo(1);
        assertThat(drop.metrics.scrape()).contains("logentry_dropped_lines_total{reason=\"malformed_json\"} 1");
        assertThat(drop.run("{\"a\":\"ok\"}").extractedView()).containsEntry("a", "ok");
    }

    // ---- logfmt (logfmt.md) ----

    @Test
    void logfmtDocExampleUsingTheLogLine() throws Exception {
        StagesHarness h = new StagesHarness("""
                - logfmt:
                    mapping:
                      timestamp: time
                      app:
                      duration:
                      unknown:
                """);
        PipelineEntry e = h.run("time=2012-11-01T22:08:41+00:00 app=loki level=WARN duration=125 "
                + "message=\"this is a log line\" extra=\"user=foo\"");

        assertThat(e.extractedView()).contains(entry("timestamp", "2012-11-01T22:08:41+00:00"), entry("app", "loki"),
                entry("duration", "125")).doesNotContainKeys("unknown", "level");
    }

    @Test
    void logfmtDocExampleUsingExtractedData() throws Exception {
        StagesHarness h = new StagesHarness("""
                - logfmt:
                    mapping:
                      extra:
                - logfmt:
                    mapping:
                      user:
                    source: extra
                """);
        PipelineEntry e = h.run("time=2012-11-01T22:08:41+00:00 app=loki level=WARN duration=125 "
                + "message=\"this is a log line\" extra=\"user=foo\"");

        assertThat(e.extractedView()).contains(entry("extra", "user=foo"), entry("user", "foo"));
    }

    @Test
    void logfmtDecodesEscapesBareKeysAndStopsAtASyntaxError() throws Exception {
        StagesHarness h = new StagesHarness("""
                - logfmt:
                    mapping: {msg: , debug: , empty: , after: , a: }
                """);
        PipelineEntry e = h.run("msg=\"say \\\"hi\\\"\\n\" debug empty=");
        assertThat(e.extractedView()).contains(entry("msg", "say \"hi\"\n"), entry("debug", ""), entry("empty", ""));

        PipelineEntry broken = h.run("a=1 =oops after=2");
        assertThat(broken.extractedView()).containsEntry("a", "1").doesNotContainKey("after");
    }

    @Test
    void logfmtDecodesUnicodeEscapesAndStopsAtABadEscapeOrAnUnclosedQuote() throws Exception {
        StagesHarness h = new StagesHarness("""
                - logfmt:
                    mapping: {a: , b: , c: }
                """);
        assertThat(h.run("a=\"\\u00e9t\\u00e9\" b=\"no end").extractedView())
                .containsEntry("a", "\u00e9t\u00e9").doesNotContainKey("b");
        assertThat(h.run("a=1 b=\"bad \\q\" c=2").extractedView())
                .containsEntry("a", "1").doesNotContainKeys("b", "c");
        assertThat(h.run("a=\"\\u00e\" c=2").extractedView()).doesNotContainKeys("a", "c");
    }
}
