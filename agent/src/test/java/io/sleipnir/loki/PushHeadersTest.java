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
    void customAuthorizationWinsOverConfiguredAuthAsInPromtail() {
        PushHeaders custom = PushHeaders.of(TestClients.to("http://l/x").header("Authorization", "Custom abc").build(),
                "ua");
        assertThat(custom.forTenant("")).containsEntry("Authorization", "Custom abc");

        PushHeaders bearer = PushHeaders.of(TestClients.to("http://l/x").bearerToken("tok")
                .header("Authorization", "Custom abc").build(), "ua");
        assertThat(bearer.forTenant("")).containsEntry("Authorization", "Custom abc").hasSize(3);
        assertThat(bearer.credentialSource()).isEqualTo(CredentialSource.HEADER);
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

    @Test
    void urlUserInfoIsSentAsBasicAuthAndWinsOverBasicAuthAndBearerAsInGo() {
        String basicUrlCreds = "Basic " + Base64.getEncoder().encodeToString("12345:glc+tok".getBytes());
        PushHeaders url = PushHeaders.of(TestClients.to("https://12345:glc%2Btok@l/x").build(), "ua");
        assertThat(url.forTenant("")).containsEntry("Authorization", basicUrlCreds);
        assertThat(url.credentialSource()).isEqualTo(CredentialSource.URL_USER_INFO);

        // Go's http.Client sets the url's basic auth before Prometheus' round trippers, which then leave it alone.
        PushHeaders both = PushHeaders.of(TestClients.to("https://12345:glc%2Btok@l/x").basicAuth("other", "pw")
                .build(), "ua");
        assertThat(both.forTenant("")).containsEntry("Authorization", basicUrlCreds);
        PushHeaders withBearer = PushHeaders.of(TestClients.to("https://12345:glc%2Btok@l/x").bearerToken("tok")
                .build(), "ua");
        assertThat(withBearer.forTenant("")).containsEntry("Authorization", basicUrlCreds);

        PushHeaders userOnly = PushHeaders.of(TestClients.to("https://someone@l/x").build(), "ua");
        assertThat(userOnly.forTenant("")).containsEntry("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("someone:".getBytes()));
    }

    @Test
    void credentialSourceNamesWhereTheAuthorizationComesFrom() {
        assertThat(PushHeaders.of(TestClients.to("http://l/x").build(), "ua").credentialSource())
                .isEqualTo(CredentialSource.NONE);
        assertThat(PushHeaders.of(TestClients.to("http://l/x").basicAuth("u", "p").build(), "ua").credentialSource())
                .isEqualTo(CredentialSource.BASIC_AUTH);
        assertThat(PushHeaders.of(TestClients.to("http://l/x").bearerToken("t").build(), "ua").credentialSource())
                .isEqualTo(CredentialSource.BEARER_TOKEN);
        assertThat(PushHeaders.of(TestClients.to("http://l/x").header("Authorization", "Custom c").build(), "ua")
                .credentialSource()).isEqualTo(CredentialSource.HEADER);
    }

    @Test
    void userAgentIsSleipnirSlashTheBuildsVersion() {
        assertThat(PushHeaders.defaultUserAgent()).isEqualTo("sleipnir/" + io.sleipnir.model.Version.get())
                .matches("sleipnir/\\d+\\.\\d+\\.\\d+.*");
    }
}
