package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** limits_config's cardinality guard keys: off by default, bound with their defaults, bad values located. */
class LabelGuardConfigTest {
    private static final String BASE = """
            clients:
              - url: http://127.0.0.1:3100/loki/api/v1/push
            scrape_configs: []
            """;

    @Test
    void offByDefault() throws Exception {
        AgentConfig config = ConfigLoader.parse(BASE, "a.yaml", false, Map.of());
        assertThat(config.limits().labelGuards().enabled()).isFalse();
    }

    @Test
    void keysAreBoundWithTheirDefaults() throws Exception {
        AgentConfig config = ConfigLoader.parse(BASE + """
                limits_config:
                  max_label_values: 500
                  max_label_values_per_label: {pod: 5000, level: 0}
                """, "a.yaml", false, Map.of());
        LabelGuardConfig guards = config.limits().labelGuards();
        assertThat(guards.enabled()).isTrue();
        assertThat(guards.limitFor("user")).isEqualTo(500);
        assertThat(guards.limitFor("pod")).isEqualTo(5000);
        assertThat(guards.limitFor("level")).isZero();
        assertThat(guards.window()).isEqualTo(Duration.ofHours(1));
        assertThat(guards.overflowValue()).isEqualTo("__sleipnir_overflow__");
        assertThat(ConfigPrinter.toYaml(config)).contains("max_label_values: 500", "label_values_window: 1h0m0s");
    }

    @Test
    void aBadLimitIsReportedWithItsLocation() {
        assertThatThrownBy(() -> ConfigLoader.parse(BASE + """
                limits_config:
                  max_label_values_per_label: {pod: lots}
                """, "a.yaml", false, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("a.yaml:5:31: limits_config.max_label_values_per_label: label pod: expected a count of 0"
                        + " or more, got \"lots\"");
    }
}
