package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression check for issue 8 ("same output as Promtail, line for line"): each case runs lines through stages
 * built from a {@code pipeline_stages} snippet, as a config file builds them, and compares every entry that comes
 * out (line, labels, timestamp) with what Promtail 2.8 ships. The expectations are derived from Promtail's stage
 * documentation (docs/sources/clients/promtail/stages/*.md) and sources (clients/pkg/logentry/stages/*.go), and
 * from Go's documented behaviour where Promtail relies on it; each case's name cites its source.
 *
 * <p>Expected entries are written {@code line ⇥ labels ⇥ time}: labels as Loki text, time as RFC 3339 or
 * {@code READ} for the time the line was read (no timestamp set), or {@code +1ns} for the previous entry's plus 1ns.
 */
class PromtailParityTest {
    private static final Labels FILE = Labels.of("filename", "/var/log/app.log", "job", "app");
    private static final String F = "filename=\"/var/log/app.log\", job=\"app\"";

    private static Arguments promtail(String source, String stages, List<String> lines, String... expected) {
        return Arguments.of(source, stages, lines, List.of(expected));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- docker: extensions.go NewDocker = json{output: log, stream, timestamp: time} + labels{stream}
                //      + timestamp{RFC3339Nano} + output{output}; docker.md's example keeps the \n.
                promtail("docker.md example keeps Docker's \\n", "- docker: {}",
                        List.of("{\"log\":\"log message\\n\",\"stream\":\"stderr\",\"time\":\"2019-04-30T02:12:41.8443515Z\"}"),
                        "log message\n\t{" + F + ", stream=\"stderr\"}\t2019-04-30T02:12:41.8443515Z"),
                promtail("docker: \\r\\n ships as \\r\\n (output stage copies log as is)", "- docker: {}",
                        List.of("{\"log\":\"payment failed\\r\\n\",\"stream\":\"stdout\",\"time\":\"2023-10-10T13:55:36Z\"}"),
                        "payment failed\r\n\t{" + F + ", stream=\"stdout\"}\t2023-10-10T13:55:36Z"),
                promtail("docker: a number log is getString's text (util.go), other fields still apply", "- docker: {}",
                        List.of("{\"log\":42,\"stream\":\"stdout\",\"time\":\"2023-10-10T13:55:36.5Z\"}"),
                        "42\t{" + F + ", stream=\"stdout\"}\t2023-10-10T13:55:36.5Z"),
                promtail("docker: no log leaves the line (output.go: missing source)", "- docker: {}",
                        List.of("{\"stream\":\"stdout\",\"time\":\"2023-10-10T13:55:36Z\"}"),
                        "{\"stream\":\"stdout\",\"time\":\"2023-10-10T13:55:36Z\"}\t{" + F + ", stream=\"stdout\"}"
                                + "\t2023-10-10T13:55:36Z"),
                promtail("docker: a record without \\n under 16 KiB is sent at once", "- docker: {}",
                        List.of("{\"log\":\"no newline\",\"stream\":\"stdout\",\"time\":\"2023-10-10T13:55:36Z\"}"),
                        "no newline\t{" + F + ", stream=\"stdout\"}\t2023-10-10T13:55:36Z"),
                promtail("docker: bad time after a good one is fudged (timestamp.md action_on_failure)", "- docker: {}",
                        List.of("{\"log\":\"a\\n\",\"stream\":\"stdout\",\"time\":\"2023-10-10T13:55:36Z\"}",
                                "{\"log\":\"b\\n\",\"stream\":\"stdout\",\"time\":\"later\"}",
                                "{\"log\":\"c\\n\",\"stream\":\"stdout\"}"),
                        "a\n\t{" + F + ", stream=\"stdout\"}\t2023-10-10T13:55:36Z",
                        "b\n\t{" + F + ", stream=\"stdout\"}\t+1ns",
                        "c\n\t{" + F + ", stream=\"stdout\"}\t+1ns"),
                promtail("docker: not JSON passes unchanged (json stage fails, nothing else applies)", "- docker: {}",
                        List.of("plain text"), "plain text\t{" + F + "}\tREAD"),

                // ---- cri: extensions.go NewCRI = regex + labels{stream} + timestamp{time} + output{content};
                //      cri.Run treats only flags == "P" as partial.
                promtail("cri.md: stream label, time and content", "- cri: {}",
                        List.of("2019-01-01T01:00:00.000000001Z stderr F test good"),
                        "test good\t{" + F + ", stream=\"stderr\"}\t2019-01-01T01:00:00.000000001Z"),
                promtail("cri: PF is not partial (extensions.go: flags == \"P\")", "- cri: {}",
                        List.of("2023-10-10T13:55:36Z stdout PF a", "2023-10-10T13:55:37Z stdout F b"),
                        "a\t{" + F + ", stream=\"stdout\"}\t2023-10-10T13:55:36Z",
                        "b\t{" + F + ", stream=\"stdout\"}\t2023-10-10T13:55:37Z"),
                promtail("cri: P then F are joined without separator, the F line's time", "- cri: {}",
                        List.of("2023-10-10T13:55:36Z stdout P a", "2023-10-10T13:55:37Z stdout F b"),
                        "ab\t{" + F + ", stream=\"stdout\"}\t2023-10-10T13:55:37Z"),
                promtail("cri: an unparsable time after a good line is fudged", "- cri: {}",
                        List.of("2023-10-10T13:55:36Z stdout F good", "yesterday stdout F x"),
                        "good\t{" + F + ", stream=\"stdout\"}\t2023-10-10T13:55:36Z",
                        "x\t{" + F + ", stream=\"stdout\"}\t+1ns"),
                promtail("cri: a line the regex does not match passes unchanged", "- cri: {}",
                        List.of("not a cri line"), "not a cri line\t{" + F + "}\tREAD"),

                // ---- floats as text: util.go getString uses strconv.FormatFloat(f, 'f', -1, 64).
                promtail("labels: 5e-324 as label text is Go's shortest 'f' digits",
                        "- json: {expressions: {v: }}\n- labels: {v: }",
                        List.of("{\"v\":5e-324}"),
                        "{\"v\":5e-324}\t{" + F + ", v=\"0." + "0".repeat(323) + "5\"}\tREAD"),
                promtail("labels: 1e21, 0.1, 100 and true as label text",
                        "- json: {expressions: {a: , b: , c: , d: }}\n- labels: {a: , b: , c: , d: }",
                        List.of("{\"a\":1e21,\"b\":0.1,\"c\":100,\"d\":true}"),
                        "{\"a\":1e21,\"b\":0.1,\"c\":100,\"d\":true}\t{a=\"1000000000000000000000\", b=\"0.1\", c=\"100\","
                                + " d=\"true\", " + F + "}\tREAD"),
                promtail("output: a float source becomes the line as getString writes it",
                        "- json: {expressions: {n: }}\n- output: {source: n}",
                        List.of("{\"n\":1.5e-7}"), "0.00000015\t{" + F + "}\tREAD"),

                // ---- template: template.go registers sprig.TxtFuncMap() and text/template's built-ins.
                promtail("template: printf and sprig trunc (template.go functionMap)",
                        "- regex: {expression: '^(?P<msg>.*)$'}\n"
                                + "- template: {source: msg, template: '{{ printf \"%s!\" (trunc 5 .Value) }}'}\n"
                                + "- output: {source: msg}",
                        List.of("hello world"), "hello!\t{" + F + "}\tREAD"),
                promtail("template: index . for a key with a dash, quote, b64enc",
                        "- json: {expressions: {user-id: '\"user-id\"'}}\n"
                                + "- template: {source: out, template: '{{ index . \"user-id\" | quote }} {{ b64enc \"hi\" }}'}\n"
                                + "- output: {source: out}",
                        List.of("{\"user-id\":\"u1\"}"), "\"u1\" aGk=\t{" + F + "}\tREAD"),
                promtail("template: an empty result removes the key (template.go Process)",
                        "- regex: {expression: '^(?P<msg>.*)$'}\n"
                                + "- template: {source: msg, template: '{{ if eq .Value \"x\" }}{{ end }}'}\n"
                                + "- output: {source: msg}",
                        List.of("x"), "x\t{" + F + "}\tREAD"),

                promtail("template: sprig's toDate, dateInZone and unixEpoch (sprig v3.2.3 date.go)",
                        "- regex: {expression: '^(?P<msg>.*)$'}\n"
                                + "- template: {source: msg, template: '{{ $t := toDate \"2006-01-02T15:04:05Z07:00\" .Value }}"
                                + "{{ dateInZone \"2006-01-02 15:04 MST\" $t \"UTC\" }} {{ unixEpoch $t }}'}\n"
                                + "- output: {source: msg}",
                        List.of("2023-10-10T15:55:36+02:00"), "2023-10-10 13:55 UTC 1696946136\t{" + F + "}\tREAD"),
                promtail("template: define, template and range break (Go 1.20 text/template)",
                        "- regex: {expression: '^(?P<msg>.*)$'}\n"
                                + "- template: {source: msg, template: '{{ define \"w\" }}<{{ . }}>{{ end }}{{ range splitList \",\" .Value }}"
                                + "{{ if eq . \"stop\" }}{{ break }}{{ end }}{{ template \"w\" . }}{{ end }}'}\n"
                                + "- output: {source: msg}",
                        List.of("a,b,stop,c"), "<a><b>\t{" + F + "}\tREAD"),
                promtail("template: sprig's fromJson and semverCompare",
                        "- regex: {expression: '^(?P<msg>.*)$'}\n"
                                + "- template: {source: msg, template: '{{ $j := fromJson .Value }}{{ $j.v }} {{ semverCompare \"^1.2\" $j.v }}'}\n"
                                + "- output: {source: msg}",
                        List.of("{\"v\":\"1.4.0\"}"), "1.4.0 true\t{" + F + "}\tREAD"),

                // ---- timestamp: timestamp.go parses with time.ParseInLocation; Go's time.Date picks DST offsets.
                promtail("timestamp.md location: DST gap takes the offset Go's time.Date picks",
                        "- regex: {expression: '^(?P<t>.*)$'}\n"
                                + "- timestamp: {source: t, format: '2006-01-02 15:04:05', location: Europe/Berlin}",
                        List.of("2023-03-26 02:30:00", "2023-10-29 02:30:00"),
                        "2023-03-26 02:30:00\t{" + F + "}\t2023-03-26T01:30:00Z",
                        "2023-10-29 02:30:00\t{" + F + "}\t2023-10-29T01:30:00Z"),
                promtail("timestamp.md location + MST layout: CET in October is +1 (Go's lookupName)",
                        "- regex: {expression: '^(?P<t>.*)$'}\n"
                                + "- timestamp: {source: t, format: '2006-01-02 15:04:05 MST', location: Europe/Berlin}",
                        List.of("2023-10-10 13:55:36 CET"), "2023-10-10 13:55:36 CET\t{" + F + "}\t2023-10-10T12:55:36Z"),
                promtail("timestamp: the last second int64 nanoseconds hold parses",
                        "- regex: {expression: '^(?P<t>.*)$'}\n- timestamp: {source: t, format: RFC3339}",
                        List.of("2262-04-11T23:47:16Z"), "2262-04-11T23:47:16Z\t{" + F + "}\t2262-04-11T23:47:16Z"),
                promtail("timestamp.md Unix with a fraction and UnixMs",
                        "- regex: {expression: '^(?P<t>\\S+) (?P<ms>\\S+)$'}\n"
                                + "- timestamp: {source: t, format: Unix}",
                        List.of("1696946136.5 x"), "1696946136.5 x\t{" + F + "}\t2023-10-10T13:55:36.5Z"),

                // ---- label sets: labelallow.md, labeldrop.md, static_labels.md.
                promtail("labelallow.md keeps only the listed labels", "- labelallow: [job]",
                        List.of("x"), "x\t{job=\"app\"}\tREAD"),
                promtail("labeldrop.md drops the listed labels", "- labeldrop: [filename]",
                        List.of("x"), "x\t{job=\"app\"}\tREAD"),
                promtail("static_labels.md adds labels", "- static_labels: {env: prod}",
                        List.of("x"), "x\t{env=\"prod\", " + F + "}\tREAD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sleipnirShipsWhatPromtailShips(String source, String stages, List<String> lines, List<String> expected)
            throws Exception {
        StagesHarness h = new StagesHarness(stages);
        List<String> actual = new ArrayList<>();
        long previous = 0;
        List<PipelineEntry> out = new ArrayList<>();
        for (String line : lines) {
            out.addAll(h.runAll(line, FILE, new CountingDelivery(line)));
        }
        for (PipelineEntry e : out) {
            String time;
            if (e.timestampNanos() == StagesHarness.READ_TIME) {
                time = "READ";
            } else if (e.timestampNanos() == previous + 1) {
                time = "+1ns";
            } else {
                time = Instant.ofEpochSecond(0, e.timestampNanos()).toString();
            }
            previous = e.timestampNanos();
            actual.add(e.line() + "\t" + e.labels().toLokiString() + "\t" + time);
        }
        List<String> normalised = new ArrayList<>();
        for (String e : expected) {
            int tab = e.lastIndexOf('\t');
            String time = e.substring(tab + 1);
            normalised.add(time.equals("READ") || time.equals("+1ns") ? e
                    : e.substring(0, tab + 1) + Instant.parse(time));
        }
        assertThat(actual).as(source).containsExactlyElementsOf(normalised);
    }
}
