package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.config.ClientConfig;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushHeadersTest {

    @Test
    void tenantHeaderOnlyWhenTenantIsSetUnlessACustomOneIsConfigured() {
        PushHeaders plain = PushHeaders.of(TestClients.to("http://l:3100/x").build(), "sleipnir/dev");
        assertThat(plain.forTenant("")).doesNotContainKey("X-Scope-OrgID")
                .containsEntry("Content-Type", "application/x-protobuf").containsEntry("User-Agent", "sleipnir/dev");
        assertThat(plain.forTenant("t1")).containsEntry("X-Scope-OrgID", "t1");

        PushHeaders custom = PushHeaders.of(TestClients.to("http://l:3100/x").header("X-Scope-OrgID", "fixed").build(),
                "sleipnir/dev");
        assertThat(custom.forTenant("")).containsEntry("X-Scope-OrgID", "fixed");
        assertThat(custom.forTenant("t1")).containsEntry("X-Scope-OrgID", "t1");
    }

    @Test
    void customAuthorizationIsKeptOnlyWhenNoAuthIsConfigured() {
        PushHeaders custom = PushHeaders.of(TestClients.to("http://l/x").header("Authorization", "Custom abc").build(),
                "ua");
        assertThat(custom.forTenant("")).containsEntry("Authorization", "Custom abc");

        PushHeaders bearer = PushHeaders.of(TestClients.to("http://l/x").bearerToken("tok")
                .header("Authorization", "Custom abc").build(), "ua");
        assertThat(bearer.forTenant("")).containsEntry("Authorization", "Bearer tok");
    }

    @Test
    void basicAuthPasswordFileIsReadAtStart(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        ClientConfig config = TestClients.to("http://l/x").build();
        config = new ClientConfig(config.url(), "", "", config.batchWait(), config.batchSize(), config.timeout(),
                config.backoff(), config.externalLabels(), config.headers(),
                new ClientConfig.BasicAuth("u", null, file.toString()), null, null, null, false);

        assertThat(PushHeaders.of(config, "ua").forTenant("")).containsEntry("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("u:from-file".getBytes()));
    }

    @Test
    void missingSecretFileFailsAtStartNamingTheFile() {
        assertThatThrownBy(() -> PushHeaders.of(TestClients.to("http://l/x").bearerTokenFile("/nonexistent/tok").build(),
                "ua")).isInstanceOf(UncheckedIOException.class).hasMessageContaining("/nonexistent/tok");
    }
}
