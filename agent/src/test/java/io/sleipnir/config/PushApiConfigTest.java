package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code loki_push_api} binding: Promtail's documented example unchanged, Sleipnir's bounds, and bad values. */
class PushApiConfigTest {
    /** Promtail's "Example Push Config" (docs: clients/promtail/configuration.md), as documented. */
    static final Path PROMTAIL_EXAMPLE_FILE = Path.of("src/test/resources/config/promtail-push-example.yaml");
    static String PROMTAIL_EXAMPLE;

    @org.junit.jupiter.api.BeforeAll
    static void read() throws java.io.IOException {
        PROMTAIL_EXAMPLE = Files.readString(PROMTAIL_EXAMPLE_FILE);
    }

    @Test
    void theExampleBindsToItsOwnServerLabelsAndDefaults() throws Exception {
        AgentConfig config = ConfigLoader.parse(PROMTAIL_EXAMPLE, "promtail.yaml", true, Map.of());
        LokiPushApiConfig push = (LokiPushApiConfig) config.scrapeConfigs().get(0).sources().get(0);
        assertThat(push.server().httpListenPort()).isEqualTo(3500);
        assertThat(push.labels()).isEqualTo(Map.of("pushserver", "push1"));
        assertThat(push.useIncomingTimestamp()).isFalse();
        assertThat(push.maxBodyBytes()).isEqualTo(LokiPushApiConfig.DEFAULT_MAX_BODY_BYTES);
        assertThat(push.maxHeldBytes()).isEqualTo(LokiPushApiConfig.DEFAULT_MAX_HELD_BYTES);
        assertThat(push.maxEntriesPerRequest()).isEqualTo(LokiPushApiConfig.DEFAULT_MAX_ENTRIES_PER_REQUEST);
    }

    @Test
    void aBudgetSmallerThanOneRequestIsRefusedWithItsLocation() {
        String yaml = PROMTAIL_EXAMPLE.replace("    labels:\n", "    max_body_size: 8MiB\n    max_held_bytes: 1MiB\n    labels:\n");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "promtail.yaml", true, Map.of()))
                .hasMessageContaining("promtail.yaml:18:21: scrape_configs[0].loki_push_api.max_held_bytes: must be at"
                        + " least max_body_size (8388608 bytes)");
    }

    @Test
    void anUnknownKeyInThePushBlockIsNamed() {
        String yaml = PROMTAIL_EXAMPLE.replace("    labels:\n", "    use_incomming_timestamp: true\n    labels:\n");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "promtail.yaml", true, Map.of()))
                .hasMessageContaining("scrape_configs[0].loki_push_api.use_incomming_timestamp: unknown key"
                        + " \"use_incomming_timestamp\" (did you mean \"use_incoming_timestamp\"?)");
    }
}
