package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The file job's {@code decompression} block, as Promtail 2.8 reads it, refused at start where we cannot read it. */
class DecompressionConfigTest {
    private static final String HEAD = "clients:\n  - url: http://loki:3100/loki/api/v1/push\n"
            + "scrape_configs:\n  - job_name: archives\n"
            + "    static_configs:\n      - labels: {__path__: /var/log/archive/*.gz}\n"
            + "    decompression:\n";

    private static AgentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "promtail.yaml", false, Map.of());
    }

    private static String error(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void promtailsDocumentedBlockIsRead() throws Exception {
        AgentConfig config = parse(HEAD + "      enabled: true\n      initial_delay: 10s\n      format: gz\n");
        assertThat(config.scrapeConfigs().get(0).decompression())
                .isEqualTo(new DecompressionConfig(true, Duration.ofSeconds(10), DecompressionConfig.Format.GZ));
        assertThat(parse(HEAD + "      enabled: true\n      format: z\n").scrapeConfigs().get(0).decompression())
                .isEqualTo(new DecompressionConfig(true, Duration.ZERO, DecompressionConfig.Format.Z));
    }

    @Test
    void aDisabledBlockReadsFilesAsTheyAre() throws Exception {
        assertThat(parse(HEAD + "      enabled: false\n      format: xz\n").scrapeConfigs().get(0).decompression())
                .isEqualTo(DecompressionConfig.DISABLED);
        assertThat(parse(HEAD.replace("    decompression:\n", "")).scrapeConfigs().get(0).decompression())
                .isEqualTo(DecompressionConfig.DISABLED);
    }

    @Test
    void bz2IsRefusedWithItsLocation() {
        assertThat(error(HEAD + "      enabled: true\n      format: bz2\n")).isEqualTo(
                "promtail.yaml:9:15: scrape_configs[0].decompression.format: bz2 is not supported yet (supported: gz, z)");
    }

    @Test
    void anUnknownOrMissingFormatIsRefusedWithItsLocation() {
        assertThat(error(HEAD + "      enabled: true\n      format: tar.gz\n")).isEqualTo(
                "promtail.yaml:9:15: scrape_configs[0].decompression.format: unknown format \"tar.gz\" (supported: gz, z)");
        assertThat(error(HEAD + "      enabled: true\n"))
                .isEqualTo("promtail.yaml:8:7: scrape_configs[0].decompression.format: required key is missing");
        assertThat(error(HEAD + "      enabled: true\n      format: gz\n      level: 9\n"))
                .isEqualTo("promtail.yaml:10:7: scrape_configs[0].decompression.level: unknown key \"level\"");
    }
}
