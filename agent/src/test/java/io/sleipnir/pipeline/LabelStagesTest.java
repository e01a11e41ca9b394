package io.sleipnir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.Labels;
import org.junit.jupiter.api.Test;

/** output, labels, structured_metadata, static_labels, labeldrop, labelallow, tenant, decolorize, pack. */
class LabelStagesTest {
    static final Labels K8S = Labels.of("namespace", "default", "job", "foo", "pod", "foo-foo", "container", "bar",
            "kubernetes_pod_name", "p", "kubernetes_container_name", "c");

    @Test
    void outputDocExample() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json:
                    expressions:
                      user: user
                      message: message
                - labels:
                    user:
                - output:
                    source: message
                """);
        PipelineEntry e = h.run("{\"user\": \"alexis\", \"message\": \"hello, world!\"}");

        assertThat(e.line()).isEqualTo("hello, world!");
        assertThat(e.labels()).isEqualTo(Labels.of("user", "alexis"));
    }

    @Test
    void outputOfAnAbsentOrNullValueLeavesTheLine() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json: {expressions: {m: m}}
                - output: {source: m}
                - output: {source: absent}
                """);
        assertThat(h.run("{\"m\":null}").line()).isEqualTo("{\"m\":null}");
        assertThat(h.run("{\"m\":2.50}").line()).isEqualTo("2.5");
    }

    @Test
    void labelsDocExampleSetsALabelFromAnExtractedValue() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json:
                    expressions:
                      stream: stream
                - labels:
                    stream:
                    renamed: stream
                    absent:
                """);
        PipelineEntry e = h.run("{\"log\":\"log message\\n\",\"stream\":\"stderr\",\"time\":\"2019-04-30T02:12:41.8443515Z\"}");

        assertThat(e.labels()).isEqualTo(Labels.of("stream", "stderr", "renamed", "stderr"));
    }

    @Test
    void structuredMetadataDocExampleAndItsAlias() throws Exception {
        for (String stage : new String[] {"structured_metadata", "non_indexed_labels"}) {
            StagesHarness h = new StagesHarness("""
                    - logfmt:
                        mapping:
                          app:
                    - %s:
                        app:
                    """.formatted(stage));
            PipelineEntry e = h.run("app=loki component=ingester", Labels.of("job", "x"));

            assertThat(e.structuredMetadata()).isEqualTo(Labels.of("app", "loki"));
            assertThat(e.labels()).isEqualTo(Labels.of("job", "x"));
        }
    }

    @Test
    void staticLabelsDocExampleAddsAndOverrides() throws Exception {
        StagesHarness h = new StagesHarness("""
                - static_labels:
                    custom_label: custom_value
                    job: replaced
                    empty: ""
                """);
        assertThat(h.run("x", Labels.of("job", "a")).labels())
                .isEqualTo(Labels.of("custom_label", "custom_value", "job", "replaced"));
    }

    @Test
    void labeldropAndLabelallowDocExamples() throws Exception {
        assertThat(new StagesHarness("""
                - labeldrop:
                    - kubernetes_pod_name
                    - kubernetes_container_name
                """).run("x", K8S).labels()).isEqualTo(K8S.without("kubernetes_pod_name")
                .without("kubernetes_container_name"));
        assertThat(new StagesHarness("""
                - labelallow:
                    - kubernetes_pod_name
                    - kubernetes_container_name
                """).run("x", K8S).labels()).isEqualTo(Labels.of("kubernetes_pod_name", "p",
                "kubernetes_container_name", "c"));
    }

    @Test
    void tenantDocExamplesFromValueSourceAndLabel() throws Exception {
        assertThat(new StagesHarness("""
                - tenant:
                    value: team-a
                """).run("x").labels().get("__tenant_id__")).isEqualTo("team-a");

        StagesHarness fromSource = new StagesHarness("""
                - json:
                    expressions:
                      customer_id: customer_id
                - tenant:
                    source: customer_id
                """);
        assertThat(fromSource.run("{\"customer_id\":\"1\",\"log\":\"x\"}").labels().get("__tenant_id__")).isEqualTo("1");
        assertThat(fromSource.run("{\"log\":\"no tenant\"}").labels().has("__tenant_id__")).isFalse();

        assertThat(new StagesHarness("""
                - tenant:
                    label: namespace
                """).run("x", K8S).labels().get("__tenant_id__")).isEqualTo("default");
    }

    @Test
    void decolorizeDocExampleStripsAnsiEscapes() throws Exception {
        StagesHarness h = new StagesHarness("- decolorize:\n");
        assertThat(h.run("[2022-11-04 22:17:57.811] \u001B[32minfo\u001B[39m | \u001B[1;31mCooldown\u001B[0m done")
                .line()).isEqualTo("[2022-11-04 22:17:57.811] info | Cooldown done");
        assertThat(h.run("plain").line()).isEqualTo("plain");
    }

    @Test
    void packDocExampleWrapsTheLineAndRemovesPackedLabels() throws Exception {
        StagesHarness h = new StagesHarness("""
                - pack:
                    labels:
                      - pod
                      - container
                """);
        PipelineEntry e = h.run("something happened", K8S);

        assertThat(e.line()).isEqualTo("{\"container\":\"bar\",\"pod\":\"foo-foo\",\"_entry\":\"something happened\"}");
        assertThat(e.labels()).isEqualTo(K8S.without("pod").without("container"));
        assertThat(e.timestampNanos()).isEqualTo(StagesHarness.NOW.getEpochSecond() * 1_000_000_000L
                + StagesHarness.NOW.getNano());
    }

    @Test
    void packEscapesAsGoAndKeepsTheTimestampWithoutIngestTimestamp() throws Exception {
        StagesHarness h = new StagesHarness("""
                - json: {expressions: {level: level}}
                - pack:
                    labels: [level, absent]
                    ingest_timestamp: false
                """);
        PipelineEntry e = h.run("{\"level\":\"<b>\"}");

        assertThat(e.line()).isEqualTo("{\"level\":\"\\u003cb\\u003e\",\"_entry\":\"{\\\"level\\\":\\\"\\u003cb\\u003e\\\"}\"}");
        assertThat(e.timestampNanos()).isEqualTo(StagesHarness.READ_TIME);
    }
}
