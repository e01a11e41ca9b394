package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.golang.GoTemplate;
import io.sleipnir.config.StageConfig;
import io.sleipnir.golang.GoRegex;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding of the stage keys after cri/docker: defaults, printing, and file:line:column errors. */
class StageConfigBindingTest {
    private static final String HEAD = "scrape_configs:\n  - job_name: a\n    static_configs: []\n    pipeline_stages:\n";

    private static List<StageConfig> stages(String stagesYaml) throws ConfigException {
        return ConfigLoader.parse(HEAD + stagesYaml, "p.yaml", false, Map.of(), false).scrapeConfigs().get(0)
                .pipelineStages();
    }

    private static String error(String stagesYaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> stages(stagesYaml));
        assertThat(t).as("expected a ConfigException for:\n" + stagesYaml).isInstanceOf(ConfigException.class);
        return t.getMessage();
    }

    @Test
    void bindsEveryStageWithPromtailsDefaults() throws Exception {
        List<StageConfig> s = stages("""
                      - regex: {expression: "(?P<a_b>x)"}
                      - json: {expressions: {user: , id: 'ids[0]'}}
                      - logfmt: {mapping: {lvl: level, app: }}
                      - replace: {expression: "(x)"}
                      - template: {source: a, template: '{{ .Value }}'}
                      - labels: {stream: , app: application}
                      - non_indexed_labels: {trace: }
                      - tenant: {source: org}
                      - pack: {labels: [a]}
                      - decolorize: {}
                """);
        assertThat(s.get(0)).isEqualTo(new RegexStage.Config(GoRegex.compile("(?P<a_b>x)"), null));
        assertThat(((RegexStage.Config) s.get(0)).expression().groupNames()).containsExactly(null, "a_b");
        assertThat(s.get(1)).isEqualTo(JsonStage.Config.of(Map.of("user", "user", "id", "ids[0]"), null, false));
        assertThat(s.get(2)).isEqualTo(new LogfmtStage.Config(Map.of("lvl", "level", "app", "app"), null));
        assertThat(s.get(3)).isEqualTo(new ReplaceStage.Config(GoRegex.compile("(x)"), null, GoTemplate.parse("")));
        assertThat(s.get(5)).isEqualTo(new LabelsStage.ExtractedLabels(Map.of("stream", "stream", "app", "application")));
        assertThat(s.get(6)).isEqualTo(new LabelsStage.StructuredMetadata(Map.of("trace", "trace")));
        assertThat(s.get(7)).isEqualTo(new TenantStage.Config("org", null, null));
        assertThat(s.get(8)).isEqualTo(new PackStage.Config(List.of("a"), true));
        assertThat(s.get(9)).isEqualTo(new DecolorizeStage.Config());
    }

    @Test
    void printedStagesReadBackToTheSameConfig() throws Exception {
        AgentConfig config = ConfigLoader.parse(HEAD + """
                      - regex: {expression: "^(?P<level>\\\\w+)", source: msg}
                      - json: {expressions: {user: , id: 'ids[0]'}, drop_malformed: true}
                      - logfmt: {mapping: {lvl: level}, source: extra}
                      - replace: {expression: "(x)", source: a, replace: '{{ .Value | ToUpper }}'}
                      - template: {source: a, template: 'x {{ .b }}'}
                      - output: {source: a}
                      - labels: {stream: }
                      - structured_metadata: {trace: }
                      - static_labels: {env: prod}
                      - labeldrop: [a, b]
                      - labelallow: [c]
                      - tenant: {value: t}
                      - decolorize:
                      - pack: {labels: [a], ingest_timestamp: false}
                """, "p.yaml", false, Map.of(), false);
        String printed = ConfigPrinter.toYaml(config);

        assertThat(ConfigLoader.parse(printed, "printed.yaml", false, Map.of(), false).scrapeConfigs())
                .isEqualTo(config.scrapeConfigs());
    }

    @Test
    void badStageConfigsFailWithTheirLocation() {
        assertThat(error("      - regex: {expression: \"(?P<a>x\"}\n"))
                .startsWith("p.yaml:5:29: scrape_configs[0].pipeline_stages[0].regex.expression: could not compile "
                        + "regular expression \"(?P<a>x\":");
        assertThat(error("      - regex: {expression: '(a)\\1'}\n"))
                .contains("regex.expression: could not compile regular expression").contains("no backreferences");
        assertThat(error("      - regex: {source: a}\n"))
                .isEqualTo("p.yaml:5:16: scrape_configs[0].pipeline_stages[0].regex.expression: required key is missing");
        assertThat(error("      - regex: {expression: x, sourc: a}\n"))
                .isEqualTo("p.yaml:5:32: scrape_configs[0].pipeline_stages[0].regex.sourc: unknown key \"sourc\" (did you mean \"source\"?)");
        assertThat(error("      - regex: {expression: x, source: ''}\n"))
                .startsWith("p.yaml:5:40: scrape_configs[0].pipeline_stages[0].regex.source: must not be empty");
        assertThat(error("      - json: {expressions: {a: 'b[?'}}\n"))
                .startsWith("p.yaml:5:30: scrape_configs[0].pipeline_stages[0].json.expressions.a: could not compile "
                        + "JMESPath expression \"b[?\"");
        assertThat(error("      - json: {expressions: [a]}\n"))
                .isEqualTo("p.yaml:5:29: scrape_configs[0].pipeline_stages[0].json.expressions: expected a map, got a list");
        assertThat(error("      - json: {expressions: {a: }, drop_malformed: maybe}\n"))
                .isEqualTo("p.yaml:5:52: scrape_configs[0].pipeline_stages[0].json.drop_malformed: expected a boolean "
                        + "(true or false), got \"maybe\"");
        assertThat(error("      - logfmt: {source: a}\n"))
                .isEqualTo("p.yaml:5:17: scrape_configs[0].pipeline_stages[0].logfmt.mapping: required key is missing");
        // Go's parser refuses {{break}} outside a range body (define, template and block are supported).
        assertThat(error("      - template: {source: a, template: '{{ break }}{{ define \"x\" }}{{ end }}'}\n"))
                .startsWith("p.yaml:5:41: scrape_configs[0].pipeline_stages[0].template.template: invalid template: "
                        + "{{break}} outside {{range}}");
        assertThat(error("      - template: {source: a, template: '{{ Bogus .Value }}'}\n"))
                .contains("template.template: invalid template: function \"Bogus\" not defined");
        assertThat(error("      - template: {source: a, template: '{{ if .a }}x'}\n"))
                .contains("invalid template: unexpected EOF: missing {{end}}");
        assertThat(error("      - replace: {expression: x, replace: '{{ regexReplaceAll \"(\" .Value \"\" }}'}\n"))
                .contains("replace.replace: invalid template: invalid regular expression \"(\"");
        assertThat(error("      - template: {template: x}\n"))
                .contains("template.source: required key is missing");
        assertThat(error("      - output: {}\n"))
                .contains("output.source: required key is missing");
        assertThat(error("      - labels: {\"bad-name\": a}\n"))
                .isEqualTo("p.yaml:5:18: scrape_configs[0].pipeline_stages[0].labels.bad-name: invalid label name "
                        + "\"bad-name\" (must match [a-zA-Z_][a-zA-Z0-9_]*)");
        assertThat(error("      - labels:\n")).contains("pipeline_stages[0].labels: must not be empty");
        assertThat(error("      - static_labels: {a: [x]}\n")).contains("static_labels.a: expected a string, got a list");
        assertThat(error("      - labeldrop: a\n")).contains("labeldrop: expected a list, got \"a\"");
        assertThat(error("      - tenant: {source: a, value: b}\n"))
                .isEqualTo("p.yaml:5:36: scrape_configs[0].pipeline_stages[0].tenant.value: \"source\" and \"value\" "
                        + "are mutually exclusive: set exactly one of source, value or label");
        assertThat(error("      - tenant: {}\n")).contains("tenant: one of source, value or label is required");
        assertThat(error("      - pack: {labels: a}\n")).contains("pack.labels: expected a list");
        assertThat(error("      - decolorize: {strip: true}\n")).contains("decolorize.strip: unknown key \"strip\"");
    }
}
