package io.sleipnir.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.Version;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What a dashboard built for Promtail, or for any JVM, selects on is in the exposition text. */
class AgentMetricsTest {
    private final AgentMetrics metrics = new AgentMetrics();

    @Test
    void promtailBuildInfoHasTheLabelsOfPrometheusVersionCollector() {
        String text = metrics.scrape();

        assertThat(text).contains("promtail_build_info{branch=\"" + Version.branch() + "\",goarch=\""
                + System.getProperty("os.arch") + "\",goos=\"linux\",goversion=\"java" + System.getProperty("java.version")
                + "\",revision=\"" + Version.revision() + "\",tags=\"\",version=\"" + Version.get() + "\"} 1\n");
        assertThat(text).containsPattern("(?m)^sleipnir_build_info\\{.*revision=\"" + Version.revision() + "\".*version=\""
                + java.util.regex.Pattern.quote(Version.get()) + "\"\\} 1$");
    }

    @Test
    void processAndJvmMetricsComeFromTheStandardCollectors() {
        String text = metrics.scrape();

        assertThat(text).containsPattern("(?m)^process_cpu_seconds_total [0-9.e+]+$")
                .containsPattern("(?m)^process_resident_memory_bytes [1-9][0-9.e+]+$")
                .containsPattern("(?m)^process_open_fds [1-9][0-9.e+]*$")
                .containsPattern("(?m)^process_start_time_seconds [1-9][0-9.e+]+$")
                .containsPattern("(?m)^jvm_memory_bytes_used\\{area=\"heap\"} [1-9][0-9.e+]+$")
                .contains("jvm_gc_collection_seconds_count{gc=");
    }

    @Test
    void deliveredOffsetsAreReadAtEachScrape() {
        Map<String, Long> offsets = new TreeMap<>(Map.of("/var/log/a.log", 10L));
        metrics.registerDeliveredOffsets(() -> offsets);

        assertThat(metrics.value("sleipnir_delivered_bytes", "path", "/var/log/a.log")).isEqualTo(10);
        offsets.put("/var/log/a.log", 25L);
        assertThat(metrics.value("sleipnir_delivered_bytes", "path", "/var/log/a.log")).isEqualTo(25);
        assertThat(metrics.scrape()).contains("sleipnir_delivered_bytes{path=\"/var/log/a.log\"} 25\n");
    }
}
