package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sleipnir.model.Labels;
import org.junit.jupiter.api.Test;

/** replace and template: the examples of Promtail's stage docs, plus bad input. */
class TransformStagesTest {
    static final String APACHE = "11.11.11.11 - frank [25/Jan/2000:14:00:01 -0500] \"GET /1986.js HTTP/1.1\" 200 932 \"-\" "
            + "\"Mozilla/5.0 (Windows; U; Windows NT 5.1; de; rv:1.9.1.7) Gecko/20091221 Firefox/3.5.7 GTB6\"";

    // ---- replace (replace.md) ----

    @Test
    void replaceDocExampleWithoutSource() throws Exception {
        StagesHarness h = new StagesHarness("""
                - replace:
                    expression: "password (\\\\S+)"
                    replace: "****"
                """);
        // The docs show "****!", but \\S+ also takes the "!": Go (and we) replace "xyz!".
        assertThat(h.run("2019-01-01T01:00:00.000000001Z stderr P i'm a log message who has sensitive information "
                + "with password xyz!").line()).isEqualTo("2019-01-01T01:00:00.000000001Z stderr P i'm a log message "
                + "who has sensitive information with password ****");
    }

    @Test
    void replaceDocExampleWithSourceRewritesTheExtractedValue() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json:
                    expressions:
                     level:
                     msg:
                - replace:
                    expression: "\\\\S+ - \\"POST (\\\\S+) .*"
                    source:     "msg"
                    replace: "/loki/api/v1/push"
                """);
        String line = "{\"time\":\"2019-01-01T01:00:00.000000001Z\", \"level\": \"info\", \"msg\":\"11.11.11.11 - "
                + "\\\"POST /loki/api/push/ HTTP/1.1\\\" 200 932\"}";
        PipelineEntry e = h.run(line);

        assertThat(e.extractedView()).contains(entry("level", "info"),
                entry("msg", "11.11.11.11 - \"POST /loki/api/v1/push HTTP/1.1\" 200 932"));
        assertThat(e.line()).isEqualTo(line);
    }

    @Test
    void replaceDocExampleWithATemplate() throws Exception {
        StagesHarness h = new StagesHarness("""
                - replace:
                    expression: "^(\\\\S+) (\\\\S+) (\\\\S+) \\\\[([\\\\w:/]+\\\\s[+\\\\-]\\\\d{4})\\\\] \\"(\\\\S+)\\\\s?(\\\\S+)?\\\\s?(\\\\S+)?\\" (\\\\d{3}|-) (\\\\d+|-)\\\\s?\\"?([^\\"]*)\\"?\\\\s?\\"?([^\\"]*)?\\"?$"
                    replace: '{{ if eq .Value "200" }}{{ Replace .Value "200" "HttpStatusOk" -1 }}{{ else }}{{ .Value | ToUpper }}{{ end }}'
                """);
        // The docs show only the status changing; the template upper-cases every other group too.
        assertThat(h.run(APACHE).line()).isEqualTo("11.11.11.11 - FRANK [25/JAN/2000:14:00:01 -0500] "
                + "\"GET /1986.JS HTTP/1.1\" HttpStatusOk 932 \"-\" \"MOZILLA/5.0 (WINDOWS; U; WINDOWS NT 5.1; DE; "
                + "RV:1.9.1.7) GECKO/20091221 FIREFOX/3.5.7 GTB6\"");
    }

    @Test
    void replaceDocExampleWithNamedGroupsExtractsTheReplacedValues() throws Exception {
        StagesHarness h = new StagesHarness("""
                - replace:
                    expression: "^(?P<ip>\\\\S+) (?P<identd>\\\\S+) (\\\\S+) \\\\[(?P<timestamp>[\\\\w:/]+\\\\s[+\\\\-]\\\\d{4})\\\\] \\"(?P<action>\\\\S+)\\\\s?(?P<path>\\\\S+)?\\\\s?(?P<protocol>\\\\S+)?\\" (?P<status>\\\\d{3}|-) (?P<size>\\\\d+|-)\\\\s?\\"?(?P<referer>[^\\"]*)\\"?\\\\s?\\"?(?P<useragent>[^\\"]*)?\\"?$"
                    replace: '{{ .Value | ToUpper }}'
                """);
        PipelineEntry e = h.run(APACHE);

        assertThat(e.line()).isEqualTo("11.11.11.11 - FRANK [25/JAN/2000:14:00:01 -0500] \"GET /1986.JS HTTP/1.1\" "
                + "200 932 \"-\" \"MOZILLA/5.0 (WINDOWS; U; WINDOWS NT 5.1; DE; RV:1.9.1.7) GECKO/20091221 "
                + "FIREFOX/3.5.7 GTB6\"");
        assertThat(e.extractedView()).contains(entry("ip", "11.11.11.11"), entry("identd", "-"),
                entry("timestamp", "25/JAN/2000:14:00:01 -0500"), entry("action", "GET"), entry("path", "/1986.JS"),
                entry("protocol", "HTTP/1.1"), entry("status", "200"), entry("size", "932"), entry("referer", "-"),
                entry("useragent", "MOZILLA/5.0 (WINDOWS; U; WINDOWS NT 5.1; DE; RV:1.9.1.7) GECKO/20091221 "
                        + "FIREFOX/3.5.7 GTB6"))
                .doesNotContainKey("user");
    }

    @Test
    void replaceDocExampleWithAnEmptyReplacementRemovesTheGroup() throws Exception {
        StagesHarness h = new StagesHarness("""
                - replace:
                    expression: "11.11.11.11 - (\\\\S+\\\\s)"
                    replace: ""
                """);
        assertThat(h.run(APACHE).line()).isEqualTo(APACHE.replace("frank ", ""));
    }

    @Test
    void replaceDocExampleHashesSensitiveData() throws Exception {
        StagesHarness h = new StagesHarness("""
                - replace:
                    expression: '([0-9]{3}-[0-9]{2}-[0-9]{4})'
                    replace: '*SSN*{{ .Value | Hash "salt" }}*'
                """);
        assertThat(h.run("ssn=123-45-6789 ok").line())
                .isEqualTo("ssn=*SSN*3dd216f082c55f933cab97cc79e3d6b25607c8c0ce0133df8cf7232ae7de84e4* ok");
    }

    @Test
    void replaceEveryMatchAndUseExtractedValuesInTheTemplate() throws Exception {
        StagesHarness h = new StagesHarness("""
                - replace:
                    expression: "id=(\\\\d+)"
                    replace: "{{ .app }}-{{ .Value }}"
                """);
        assertThat(h.run("id=1 id=22 x", Labels.of("app", "shop")).line()).isEqualTo("id=shop-1 id=shop-22 x");
    }

    @Test
    void replaceWithoutMatchOrWithAFailingTemplateChangesNothing() throws Exception {
        StagesHarness h = new StagesHarness("""
                - replace:
                    expression: "(\\\\d+)"
                    replace: "{{ ToUpper .missing }}"
                """);
        assertThat(h.run("no digits").line()).isEqualTo("no digits");
        assertThat(h.run("has 42").line()).isEqualTo("has 42");
    }

    /*
     * Issue 8.7. Promtail's replace stage (clients/pkg/logentry/stages/replace.go, getReplacedEntry) walks every
     * group of every match of FindAllStringSubmatchIndex and replaces a group unless it starts before the end of
     * the group it replaced last (`previousInputEndIndex <= matchIndex[i]`, since grafana/loki#4874, "Fix replace
     * missing adjacent capture groups", in Promtail 2.5 onwards): adjacent groups and back-to-back matches are all
     * replaced, a group nested in a replaced one is not.
     */

    @Test
    void promtailReplacesBackToBackMatches() throws Exception {
        StagesHarness h = new StagesHarness("""
                - replace:
                    expression: '(\\s*\\(debug\\))'
                    replace: ''
                """);
        assertThat(h.run("(debug)(debug)").line()).isEqualTo("");
        assertThat(h.run("x (debug) (debug)(debug)y").line()).isEqualTo("xy");
    }

    @Test
    void promtailReplacesAdjacentAndOptionalGroups() throws Exception {
        StagesHarness h = new StagesHarness("""
                - replace:
                    expression: 'id=(\\d+)?(x)?'
                    replace: 'N'
                """);
        assertThat(h.run("id=42x").line()).isEqualTo("id=NN");
        assertThat(h.run("id=42").line()).as("a group that did not take part is skipped").isEqualTo("id=N");
        assertThat(h.run("id=x id=7").line()).isEqualTo("id=N id=N");
    }

    @Test
    void promtailDoesNotReplaceAGroupNestedInAReplacedOne() throws Exception {
        StagesHarness h = new StagesHarness("""
                - replace:
                    expression: '(?P<pair>(?P<key>\\w+)=(\\w+))'
                    replace: '{{ .Value | ToUpper }}'
                """);
        PipelineEntry e = h.run("a=b c=d");
        assertThat(e.line()).isEqualTo("A=B C=D");
        // Each named group gets the replaced text of its first match's capture, as Promtail's capturedMap gives.
        assertThat(e.extractedView()).containsEntry("pair", "A=B").containsEntry("key", "A");
    }

    // ---- template (template.md) ----

    @Test
    void templateDocExamples() throws Exception {
        assertThat(template("new_key", "'hello world!'", "x").extractedView()).containsEntry("new_key", "hello world!");
        assertThat(template("app", "'{{ .Value }}_some_suffix'", "x", "app", "loki").extracted("app"))
                .isEqualTo("loki_some_suffix");
        assertThat(template("app", "'{{ ToLower .Value }}'", "x", "app", "LOKI").extracted("app")).isEqualTo("loki");
        assertThat(template("output_msg", "'{{ .level }} for app {{ ToUpper .app }}'", "x", "app", "loki",
                "level", "warn").extracted("output_msg")).isEqualTo("warn for app LOKI");
        assertThat(template("app", "'{{ .level }} for app {{ ToUpper .Value }} in module {{.module}}'", "x",
                "app", "loki", "level", "warn", "module", "test").extracted("app"))
                .isEqualTo("warn for app LOKI in module test");
        assertThat(template("app", "'{{ Replace .Value \"loki\" \"blokey\" 1 }}'", "x", "app", "loki loki")
                .extracted("app")).isEqualTo("blokey loki");
        assertThat(template("output", "'{{ Replace .Value \"loki\" \"Loki\" 2 }}'", "x", "output", "loki loki loki")
                .extracted("output")).isEqualTo("Loki Loki loki");
        assertThat(template("output", "'{{ Trim .Value \",. \" }}'", "x", "output", " ,.a.b., ").extracted("output"))
                .isEqualTo("a.b");
        assertThat(template("output", "'{{ TrimSpace .Value }}'", "x", "output", "\t a \n").extracted("output"))
                .isEqualTo("a");
        assertThat(template("output", "'{{ TrimPrefix .Value \"--\" }}'", "x", "output", "--a--").extracted("output"))
                .isEqualTo("a--");
        assertThat(template("out", "'{{ ToLower .app }}'", "x", "app", "LOKI").extracted("out")).isEqualTo("loki");
        assertThat(template("out", "'{{ .app | ToUpper }}'", "x", "app", "loki").extracted("out")).isEqualTo("LOKI");
        assertThat(template("output", "'{{ regexReplaceAll \"(a*)bc\" .Value \"${1}a\" }}'", "x", "output", "aaabc xbc")
                .extracted("output")).isEqualTo("aaaa xa");
        assertThat(template("output", "'{{ regexReplaceAllLiteral \"(ts=)\" .Value \"timestamp=\" }}'", "x",
                "output", "ts=1 a").extracted("output")).isEqualTo("timestamp=1 a");
        assertThat(template("output", "'{{ Hash .Value \"salt\" }}'", "x", "output", "loki").extracted("output"))
                .isEqualTo("53ddc627682ed26d0e68af30eb180182ca15b5827126282dd0f76f3af49d742b");
        assertThat(template("output", "'{{ Sha2Hash .Value \"salt\" }}'", "x", "output", "loki").extracted("output"))
                .isEqualTo("45a238ce9fdf019798e5c5e994198143baee0947d0c9d5c616e0b8f9ddacdc0f");
    }

    @Test
    void templateDocExampleThatPrependsTheApplicationToTheLine() throws Exception {
        StagesHarness h = new StagesHarness("""
                - template:
                    source: message
                    template: '{{.app }}: {{ .Entry }}'
                - output:
                    source: message
                """);
        assertThat(h.run("started", Labels.of("app", "shop")).line()).isEqualTo("shop: started");
    }

    @Test
    void templateDocExampleThatBuildsAnRfc3339Time() throws Exception {
        StagesHarness h = new StagesHarness("""
                - template:
                    source: time
                    template: "\\
                      {{ .date_local | substr 6 10 }}-{{ .date_local | substr 0 2 }}-{{ .date_local | substr 3 5 }}T\\
                      {{ if eq (.time_local | substr 0 2) \\"12\\" }}\\
                          {{ if eq .hour_period \\"AM\\" }}00{{ else }}12{{ end }}{{ .time_local | substr 2 10}}Z\\
                      {{ else }}\\
                          {{ if eq .hour_period \\"AM\\" }}\\
                              {{ if or (eq (.time_local | substr 0 2) \\"11\\") (eq (.time_local | substr 0 2) \\"10\\") }}{{ .time_local }}Z\\
                                  {{ else }}0{{ .time_local }}Z\\
                              {{ end }}\\
                          {{ else }}\\
                              {{ if eq (.time_local | substr 0 2) \\"11\\" }}23{{ .time_local | substr 2 10 }}Z{{ end }}\\
                              {{ if eq (.time_local | substr 0 2) \\"10\\" }}22{{ .time_local | substr 2 10 }}Z{{ end }}\\
                              {{ if eq (.time_local | substr 0 2) \\"9:\\" }}21{{ .time_local | substr 1 10 }}Z{{ end }}\\
                              {{ if eq (.time_local | substr 0 2) \\"8:\\" }}20{{ .time_local | substr 1 10 }}Z{{ end }}\\
                              {{ if and (le (.time_local | substr 0 1) \\"7\\") (eq (.time_local | substr 1 2) \\":\\") }}1{{ add (.time_local | substr 0 1) 2 }}{{ .time_local | substr 1 10 }}Z{{ end }}\\
                          {{ end }}\\
                      {{ end }}"
                """);
        assertThat(h.run("x", Labels.of("date_local", "11/08/2022", "time_local", "12:53:24", "hour_period", "PM"))
                .extracted("time")).isEqualTo("2022-11-08T12:53:24Z");
        assertThat(h.run("x", Labels.of("date_local", "11/08/2022", "time_local", "9:05:01", "hour_period", "PM"))
                .extracted("time")).isEqualTo("2022-11-08T21:05:01Z");
        assertThat(h.run("x", Labels.of("date_local", "11/08/2022", "time_local", "5:05:01", "hour_period", "PM"))
                .extracted("time")).isEqualTo("2022-11-08T17:05:01Z");
        assertThat(h.run("x", Labels.of("date_local", "11/08/2022", "time_local", "9:05:01", "hour_period", "AM"))
                .extracted("time")).isEqualTo("2022-11-08T09:05:01Z");
    }

    @Test
    void templateWithAnEmptyResultRemovesTheKeyAndAFailingOneChangesNothing() throws Exception {
        assertThat(template("app", "'{{ TrimSpace .Value }}'", "x", "app", "   ").extractedView()).doesNotContainKey("app");
        // A missing value prints as Go's "<no value>"; given to a function it fails the execution.
        assertThat(template("out", "'{{ .nope }}'", "x").extracted("out")).isEqualTo("<no value>");
        assertThat(template("app", "'{{ ToUpper .nope }}'", "x", "app", "kept").extracted("app")).isEqualTo("kept");
    }

    @Test
    void templateSeesNumbersAsGoFormatsThem() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json: {expressions: {n: n, f: f}}
                - template: {source: out, template: '{{ .n }}/{{ .f }}'}
                """);
        assertThat(h.run("{\"n\":1e3,\"f\":0.1}").extracted("out")).isEqualTo("1000/0.1");
    }

    private static PipelineEntry template(String source, String template, String line, String... labels)
            throws InterruptedException {
        StagesHarness h = new StagesHarness("- template:\n    source: " + source + "\n    template: " + template + "\n");
        return h.run(line, Labels.of(labels));
    }
}
