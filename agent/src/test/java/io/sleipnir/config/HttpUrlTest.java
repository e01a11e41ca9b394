package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Client urls split as Go's net/url splits them (java.net.URI returns no host for {@code loki_gateway}). */
class HttpUrlTest {

    @Test
    void aHostWithAnUnderscoreParsesAsGoParsesIt() {
        HttpUrl url = HttpUrl.parse("http://loki_gateway:3100/loki/api/v1/push").orElseThrow();
        assertThat(url.scheme()).isEqualTo("http");
        assertThat(url.host()).isEqualTo("loki_gateway");
        assertThat(url.connectHost()).isEqualTo("loki_gateway");
        assertThat(url.port()).isEqualTo(3100);
        assertThat(url.hostHeader()).isEqualTo("loki_gateway:3100");
        assertThat(url.hostAndPort()).isEqualTo("loki_gateway:3100");
        assertThat(url.requestTarget()).isEqualTo("/loki/api/v1/push");
        assertThat(url.rawUserInfo()).isNull();
    }

    @Test
    void defaultPortsUserInfoQueryAndIpv6() {
        HttpUrl https = HttpUrl.parse("HTTPS://1234:glc_x%40y@logs_prod.example.com/loki/api/v1/push?a=b#f")
                .orElseThrow();
        assertThat(https.scheme()).isEqualTo("https");
        assertThat(https.rawUserInfo()).isEqualTo("1234:glc_x%40y");
        assertThat(https.effectivePort()).isEqualTo(443);
        assertThat(https.hostHeader()).isEqualTo("logs_prod.example.com");
        assertThat(https.hostAndPort()).isEqualTo("logs_prod.example.com:443");
        assertThat(https.requestTarget()).isEqualTo("/loki/api/v1/push?a=b");
        assertThat(https.toString()).doesNotContain("glc_x", "a=b");

        HttpUrl v6 = HttpUrl.parse("http://[::1]/").orElseThrow();
        assertThat(v6.connectHost()).isEqualTo("::1");
        assertThat(v6.hostAndPort()).isEqualTo("[::1]:80");
        assertThat(HttpUrl.parse("http://h").orElseThrow().requestTarget()).isEqualTo("/");
    }

    @Test
    void whatGoRefusesOrWhatHasNoHostIsRefused() {
        for (String bad : new String[] {"loki:3100", "ftp://h/x", "http:/h/x", "http://", "http://:3100/x",
                "http://h:31a0/x", "http://h:99999/x", "http://[::1/x", "http://lo ki/x", "http://h{}/x", "", null}) {
            assertThat(HttpUrl.parse(bad)).as(String.valueOf(bad)).isEqualTo(Optional.empty());
        }
    }
}
