package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.StageConfig;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding of timestamp, match, drop, limit, sampling, multiline and metrics: defaults, printing, errors. */
class ControlStageConfigTest {
    private static final String HEAD = "scrape_configs:\n  - job_name: a\n    static_configs: []\n    pipeline_stages:\n";

    private static List<StageConfig> stages(String stagesYaml) throws ConfigException {
        return ConfigLoader.parse(HEAD + stagesYaml, "p.yaml", false, Map.of(), false).scrapeConfigs().get(0)
                .pipelineStages();
    }

    private static String error(String stagesYaml) {
        Throwable t = catchThrowable(() -> stages(stagesYaml));
        assertThat(t).as("expected a ConfigException for:\n" + stagesYaml).isInstanceOf(ConfigException.class);
        return t.getMessage();
    }

    @Test
    void bindsWithPromtailsDefaults() throws Exception {
        List<StageConfig> s = stages("""
                      - timestamp: {source: time, format: RFC3339Nano, location: Europe/Paris}
                      - match: {selector: '{app="a"}', action: drop}
                      - drop: {source: level, value: debug}
                      - limit: {rate: 10, burst: 20}
                      - sampling: {rate: 0.25}
                      - multiline: {firstline: '^\\d'}
                      - metrics: {lines_total: {type: Counter, config: {action: inc}}}
                """);
        TimestampStage.Config ts = (TimestampStage.Config) s.get(0);
        assertThat(ts.location()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(ts.actionOnFailure()).isEqualTo(TimestampStage.TimestampFailure.FUDGE);
        MatchStage.Config m = (MatchStage.Config) s.get(1);
        assertThat(m.dropCounterReason()).isEqualTo("match_stage");
        DropStage.Config d = (DropStage.Config) s.get(2);
        assertThat(d.separator()).isEqualTo(";");
        assertThat(d.dropCounterReason()).isEqualTo("drop_stage");
        assertThat(s.get(3)).isEqualTo(new LimitStage.Config(10, 20, false, null, 10_000));
        assertThat(s.get(4)).isEqualTo(new SamplingStage.Config(0.25, "sampling_stage"));
        MultilineStage.Config ml = (MultilineStage.Config) s.get(5);
        assertThat(ml.maxWaitTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ml.maxLines()).isEqualTo(128);
        MetricsStage.Metric metric = ((MetricsStage.Config) s.get(6)).metrics().get(0);
        assertThat(metric.fullName()).isEqualTo("promtail_custom_lines_total");
        assertThat(metric.source()).isEqualTo("lines_total");
        assertThat(metric.maxIdleDuration()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void printedStagesReadBackToTheSameConfig() throws Exception {
        AgentConfig config = ConfigLoader.parse(HEAD + """
                      - timestamp: {source: t, format: 'Jan _2 15:04:05', fallback_formats: [UnixMs], action_on_failure: skip}
                      - match:
                          selector: '{app="a"} |= "x"'
                          pipeline_name: p
                          stages:
                            - json: {expressions: {m: }}
                            - match: {selector: '{b=~"c.+"}', action: drop, drop_counter_reason: nested}
                      - drop: {source: [a, b], separator: '#', expression: 'x#y', older_than: 1h, longer_than: 1KiB}
                      - limit: {rate: 1.5, burst: 3, drop: true, by_label_name: ns}
                      - sampling: {rate: 0.5}
                      - multiline: {firstline: '^\\d', max_wait_time: 500ms, max_lines: 10}
                      - metrics:
                          h: {type: Histogram, source: rt, config: {buckets: [1, 2.5]}}
                          g: {type: Gauge, prefix: my_, config: {value: x, action: set}}
                """, "p.yaml", false, Map.of(), false);
        String printed = ConfigPrinter.toYaml(config);
        AgentConfig again = ConfigLoader.parse(printed, "printed.yaml", false, Map.of(), false);
        assertThat(again.scrapeConfigs().get(0).pipelineStages())
                .isEqualTo(config.scrapeConfigs().get(0).pipelineStages());
    }

    @Test
    void errorsPointAtTheFileLineAndColumn() {
        assertThat(error("      - match: {selector: '{app=\"a\"', action: drop}\n"))
                .startsWith("p.yaml:5:").contains("selector").contains("invalid selector").contains("at character 9");
        assertThat(error("      - match:\n          selector: '{app=~\"(\"}'\n          action: drop\n"))
                .startsWith("p.yaml:6:21").contains("invalid regular expression");
        assertThat(error("      - match: {selector: '{app=\"a\"} | json', action: drop}\n"))
                .contains("only line filters");
        assertThat(error("      - match: {selector: '{}', action: drop}\n")).contains("at least one label matcher");
        assertThat(error("      - match: {selector: '{a=\"b\"}'}\n")).contains("stages").contains("required key is missing");
        assertThat(error("      - match: {selector: '{a=\"b\"}', action: drop, stages: [{decolorize: }]}\n"))
                .contains("action drop cannot have stages");
        assertThat(error("      - match: {selector: '{a=\"b\"}', action: maybe}\n")).contains("use keep or drop");
        assertThat(error("      - timestamp: {source: t}\n")).contains("format").contains("required key is missing");
        assertThat(error("      - timestamp: {format: RFC3339}\n")).contains("source");
        assertThat(error("      - timestamp: {source: t, format: RFC3339, location: Mars/Base}\n"))
                .startsWith("p.yaml:5:").contains("invalid location \"Mars/Base\"");
        assertThat(error("      - timestamp: {source: t, format: RFC3339, action_on_failure: panic}\n"))
                .contains("use fudge or skip");
        assertThat(error("      - drop: {}\n")).contains("at least one of source, expression, older_than or longer_than");
        assertThat(error("      - drop: {value: x, longer_than: 10}\n")).contains("value needs a source");
        assertThat(error("      - drop: {source: a, value: x, expression: y}\n")).contains("cannot both be set");
        assertThat(error("      - drop: {older_than: soon}\n")).contains("older_than");
        assertThat(error("      - limit: {rate: 1, burst: 1, by_label_name: ns}\n"))
                .startsWith("p.yaml:5:").contains("by_label_name requires drop: true");
        assertThat(error("      - limit: {rate: 0, burst: 1}\n")).contains("rate").contains("greater than 0");
        assertThat(error("      - sampling: {rate: 1.5}\n")).contains("between 0.0 and 1.0");
        assertThat(error("      - sampling: {}\n")).contains("rate").contains("required key is missing");
        assertThat(error("      - multiline: {max_wait_time: 1s}\n")).contains("firstline");
        assertThat(error("      - multiline: {firstline: '('}\n")).contains("could not compile regular expression");
        assertThat(error("      - metrics: {m: {type: Summary, config: {action: inc}}}\n")).contains("invalid metric type");
        assertThat(error("      - metrics: {m: {type: Counter, config: {action: set}}}\n")).contains("use inc or add");
        assertThat(error("      - metrics: {m: {type: Counter, config: {action: inc, match_all: true, value: x}}}\n"))
                .contains("cannot be combined with value");
        assertThat(error("      - metrics: {m: {type: Counter, config: {action: inc, match_all: true, count_entry_bytes: true}}}\n"))
                .contains("needs action: add");
        assertThat(error("      - metrics: {m: {type: Histogram, config: {buckets: [2, 1]}}}\n")).contains("increasing");
        assertThat(error("      - metrics: {m: {type: Gauge, max_idle_duration: 500ms, config: {action: set}}}\n"))
                .contains("at least 1s");
    }

    @Test
    void stagesThatCannotWorkHereSayWhy() {
        assertThat(error("      - geoip: {db: /x.mmdb, source: ip}\n"))
                .isEqualTo("p.yaml:5:9: scrape_configs[0].pipeline_stages[0].geoip: stage \"geoip\" is not supported"
                        + " (needs a MaxMind database)");
        assertThat(error("      - eventlogmessage: {}\n")).endsWith("stage \"eventlogmessage\" is not supported (Windows only)");
        assertThat(error("      - pipeline: {}\n")).contains("use a match stage with stages");
    }
}
