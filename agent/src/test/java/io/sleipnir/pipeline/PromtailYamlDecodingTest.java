package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ClientConfig;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.config.StageConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 items 19 and 20: YAML decoding where Promtail 2.8 relies on Go's yaml.v2 (YAML 1.1) and on
 * mapstructure, and the values Sleipnir accepts although Promtail 2.8 refuses them (kept on purpose, see the
 * README's "What differs, on purpose").
 */
class PromtailYamlDecodingTest {
    private static final String HEAD = "scrape_configs:\n  - job_name: a\n    static_configs: []\n    pipeline_stages:\n";

    private static List<StageConfig> stages(String stagesYaml) throws ConfigException {
        return ConfigLoader.parse(HEAD + stagesYaml, "p.yaml", false, Map.of(), false).scrapeConfigs().get(0)
                .pipelineStages();
    }

    // ---- item 19: as Promtail decodes ----

    /**
     * yaml.v2 resolves the plain scalar {@code yes} to a bool, and Promtail's drop stage decodes its config with
     * {@code mapstructure.WeakDecode} (clients/pkg/logentry/stages/drop.go, newDropStage), which turns a bool into
     * the string "1": the stage drops entries whose extracted value is "1", not "yes".
     */
    @Test
    void dropValueYesIsTheStringOneAsPromtailsWeakDecodeMakesIt() throws Exception {
        List<StageConfig> s = stages("""
                      - drop: {source: flag, value: yes}
                      - drop: {source: flag, value: off}
                      - drop: {source: flag, value: 'yes'}
                """);
        assertThat(s).extracting(stage -> ((DropStage.Config) stage).value()).containsExactly("1", "0", "yes");
    }

    /** multiline.go's newMultilineStage also uses mapstructure.WeakDecode, which reads the string "2" as 2. */
    @Test
    void multilineMaxLinesAsAQuotedNumberIsAcceptedAsPromtailsWeakDecodeDoes() throws Exception {
        MultilineStage.Config m = (MultilineStage.Config) stages(
                "      - multiline: {firstline: '^x', max_lines: \"2\"}\n").get(0);
        assertThat(m.maxLines()).isEqualTo(2);
        assertThatThrownBy(() -> stages("      - multiline: {firstline: '^x', max_lines: \"two\"}\n"))
                .hasMessage("p.yaml:5:49: scrape_configs[0].pipeline_stages[0].multiline.max_lines: expected a"
                        + " number, got \"two\"");
    }

    /** yaml.v2 implements YAML 1.1's merge key; Promtail configs use it to share client settings. */
    @Test
    void mergeKeySharesSettingsAsPromtailsYamlV2Does() throws Exception {
        AgentConfig config = ConfigLoader.parse("""
                clients:
                  - &defaults
                    url: http://loki-a:3100/loki/api/v1/push
                    batchwait: 3s
                    external_labels: {cluster: a}
                  - <<: *defaults
                    url: http://loki-b:3100/loki/api/v1/push
                """, "p.yaml", false, Map.of());
        assertThat(config.clients()).extracting(ClientConfig::url).containsExactly(
                "http://loki-a:3100/loki/api/v1/push", "http://loki-b:3100/loki/api/v1/push");
        assertThat(config.clients().get(1).batchWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.clients().get(1).externalLabels()).isEqualTo(Map.of("cluster", "a"));
    }

    /** A static config's {@code labels:} left empty is a nil map to yaml.v2: accepted, no labels. */
    @Test
    void staticConfigLabelsWithNoValueAreAcceptedAsInPromtail() throws Exception {
        AgentConfig config = ConfigLoader.parse("""
                scrape_configs:
                  - job_name: a
                    static_configs:
                      - targets: [localhost]
                        labels:
                """, "p.yaml", false, Map.of(), false);
        assertThat(config.scrapeConfigs().get(0).staticConfigs().get(0).labels()).isEmpty();
    }

    /** In the labels stage an empty value means "from the extracted value of the same name", as in labels.go. */
    @Test
    void labelsStageEntryWithNoValueTakesItsNameAndAnEmptyStageIsRefusedAsInPromtail() throws Exception {
        LabelsStage.ExtractedLabels l = (LabelsStage.ExtractedLabels) stages("      - labels:\n          level:\n")
                .get(0);
        assertThat(l.labels()).isEqualTo(Map.of("level", "level"));
        // labels.go: validateLabelsConfig refuses a nil config ("label stage config cannot be empty").
        assertThatThrownBy(() -> stages("      - labels:\n"))
                .hasMessage("p.yaml:5:9: scrape_configs[0].pipeline_stages[0].labels: must not be empty");
    }

    // ---- item 20: accepted here, refused by Promtail 2.8; kept as documented extensions ----

    @Test
    void sizeUnitsInBatchsizeAndLongerThanAreAnExtension() throws Exception {
        AgentConfig config = ConfigLoader.parse("clients:\n  - url: http://l:3100/p\n    batchsize: 1MiB\n",
                "p.yaml", false, Map.of());
        assertThat(config.clients().get(0).batchSize()).isEqualTo(1_048_576L);
        DropStage.Config d = (DropStage.Config) stages("      - drop: {longer_than: 1KiB, older_than: 1d}\n").get(0);
        assertThat(d.longerThan()).isEqualTo(1024L);
        assertThat(d.olderThan()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void backtickStringsInAMatchLineFilterAreAnExtension() throws Exception {
        MatchStage.Config m = (MatchStage.Config) stages(
                "      - match: {selector: '{app=\"a\"} |= `error`', action: drop}\n").get(0);
        assertThat(m.drop()).isTrue();
    }

    @Test
    void numericJsonExpressionKeysIntStaticLabelsAndYaml11BooleanKeysAreAnExtension() throws Exception {
        List<StageConfig> s = stages("""
                      - json: {expressions: {1: a}}
                      - static_labels: {code: 200}
                      - labels: {n: level, y: }
                """);
        assertThat(((JsonStage.Config) s.get(0)).expressionTexts()).isEqualTo(Map.of("1", "a"));
        assertThat(((LabelSetStages.StaticLabels) s.get(1)).labels()).isEqualTo(Map.of("code", "200"));
        assertThat(((LabelsStage.ExtractedLabels) s.get(2)).labels()).isEqualTo(Map.of("n", "level", "y", "y"));
    }
}
