package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client's url as it may be printed, its user info as Go reads it, and backoff values that are refused. */
class ClientConfigTest {

    @Test
    void redactedUrlMasksThePasswordAsGoDoesAndEveryQueryValue() {
        assertThat(ClientConfig.redactUrl("https://user:token@logs.example.com/loki/api/v1/push"))
                .isEqualTo("https://user:xxxxx@logs.example.com/loki/api/v1/push");
        assertThat(ClientConfig.redactUrl("https://user@h:3100/loki/api/v1/push"))
                .isEqualTo("https://user@h:3100/loki/api/v1/push");
        assertThat(ClientConfig.redactUrl("http://h/loki/api/v1/push?api_key=abc&tenant=t1&flag#frag"))
                .isEqualTo("http://h/loki/api/v1/push?api_key=xxxxx&tenant=xxxxx&flag#frag");
        assertThat(ClientConfig.redactUrl("http://u:p@ss@h?token=x")).isEqualTo("http://u:xxxxx@h?token=xxxxx");
        // Not a URI at all: still nothing secret comes through.
        assertThat(ClientConfig.redactUrl("ftp://u:s3cret word@h/x?k=v v")).isEqualTo("ftp://u:xxxxx@h/x?k=xxxxx");
    }

    @Test
    void urlUserInfoIsPercentDecodedAndAMissingPasswordIsEmpty() {
        assertThat(ClientConfig.defaults("https://12345:glc%2Btok%40en%3Ax@h/loki/api/v1/push").urlUserInfo())
                .isEqualTo(new ClientConfig.UrlUserInfo("12345", "glc+tok@en:x"));
        assertThat(ClientConfig.defaults("https://only-user@h/p").urlUserInfo())
                .isEqualTo(new ClientConfig.UrlUserInfo("only-user", ""));
        assertThat(ClientConfig.defaults("https://h/p").urlUserInfo()).isNull();
    }

    @Test
    void toStringShowsNoSecret() {
        ClientConfig c = new ClientConfig("https://u:pw-1@h/p?token=q-2", "", "", null, 1, null, null, Map.of(),
                Map.of("X-Key", "hv-3"), new ClientConfig.BasicAuth("u", "ba-4", null), "bt-5", null, null, false);
        assertThat(c.toString()).doesNotContain("pw-1", "q-2", "hv-3", "ba-4", "bt-5").contains("u:xxxxx@h");
        assertThat(c.urlUserInfo().toString()).doesNotContain("pw-1");
    }

    @Test
    void zeroBackoffIsRefusedWithItsLocation() {
        String yaml = """
                clients:
                  - url: http://localhost:3100/loki/api/v1/push
                    backoff_config:
                      min_period: 0s
                      max_period: 0s
                """;
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "promtail.yaml", false, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("promtail.yaml:4:19: clients[0].backoff_config.min_period: must be greater than 0s"
                        + " (a zero backoff retries a failing Loki in a tight loop)");
        String maxOnly = yaml.replace("min_period: 0s", "min_period: 100ms");
        assertThatThrownBy(() -> ConfigLoader.parse(maxOnly, "promtail.yaml", false, Map.of()))
                .hasMessageStartingWith("promtail.yaml:5:19: clients[0].backoff_config.max_period: must be greater");
    }

    @Test
    void aBadUrlIsQuotedRedactedInTheConfigError() {
        String yaml = """
                clients:
                  - url: ftp://user:pw-secret@h/loki?token=q-secret
                """;
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "promtail.yaml", false, Map.of()))
                .hasMessageContaining("must be an http or https URL, got \"ftp://user:xxxxx@h/loki?token=xxxxx\"")
                .message().doesNotContain("pw-secret", "q-secret");
    }
}
