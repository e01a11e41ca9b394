package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.BackoffConfig;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    @ParameterizedTest
    @CsvSource({"200,DELIVERED", "204,DELIVERED", "260,DELIVERED", "429,RETRY", "500,RETRY", "502,RETRY",
            "503,RETRY", "-1,RETRY", "413,SPLIT", "400,REJECTED", "401,REJECTED", "403,REJECTED", "404,REJECTED",
            "422,REJECTED", "301,REJECTED"})
    void classifiesStatuses(int status, Outcome expected) {
        assertThat(new RetryPolicy(false).classify(PushResponse.of(status))).isEqualTo(expected);
    }

    @Test
    void rateLimitedIsDroppedOnlyWhenConfigured() {
        assertThat(new RetryPolicy(true).classify(PushResponse.of(429))).isEqualTo(Outcome.DROP_RATE_LIMITED);
        assertThat(new RetryPolicy(true).classify(PushResponse.of(500))).isEqualTo(Outcome.RETRY);
    }

    @Test
    void backoffDoublesWithEqualJitterUpToMaxPeriodAndStaysThere() {
        Backoff backoff = new Backoff(new BackoffConfig(Duration.ofMillis(500), Duration.ofMinutes(5), 10),
                new SplittableRandom(1));
        for (int retry = 1; retry <= 30; retry++) {
            long nominal = Math.min(500L << Math.min(retry - 1, 20), 300_000L);
            if (retry > 10) {
                nominal = 300_000L;
            }
            Duration d = backoff.delay(retry, null);
            assertThat(d.toMillis()).as("retry %d", retry).isBetween(nominal / 2, nominal);
        }
        assertThat(backoff.exhausted(10)).isFalse();
        assertThat(backoff.exhausted(11)).isTrue();
    }

    @Test
    void retryAfterIsAFloor() {
        Backoff backoff = new Backoff(new BackoffConfig(Duration.ofMillis(10), Duration.ofMillis(50), 3),
                new SplittableRandom(1));
        assertThat(backoff.delay(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(backoff.delay(1, Duration.ZERO)).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
    }
}
