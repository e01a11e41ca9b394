package io.sleipnir.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.config.ClientConfig;
import io.sleipnir.loki.Batch;
import io.sleipnir.loki.NettyPushSender;
import io.sleipnir.loki.PushEncoder;
import io.sleipnir.loki.PushResponse;
import io.sleipnir.loki.RetryPolicy;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.status.PushTracker.TenantPushStatus;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client section of the status page and the sleipnir_client_* gauges remember at most max_tenants tenants, so a
 * tenant stage that cycles through many tenants over time cannot grow them without bound; a tenant that is being
 * retried is never forgotten.
 */
class PushTrackerTest {
    private static final int MAX_TENANTS = 10;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PushEncoder encoder = new PushEncoder();

    @Test
    @Timeout(60)
    void atMostMaxTenantsAreRememberedTheSettledOnesAnsweredLongestAgoForgottenFirst() throws Exception {
        try (LokiReceiver loki = new LokiReceiver()) {
            loki.respondWith("t00", 500); // t00 keeps failing: it is retried and must stay on the page
            PushTracker tracker = new PushTracker(NettyPushSender.create(ClientConfig.defaults(loki.url())),
                    new RetryPolicy(false), clock, MAX_TENANTS);
            try {
                for (int i = 0; i < 50; i++) {
                    PushResponse answer = push(tracker, String.format("t%02d", i));
                    assertThat(answer.status()).isEqualTo(i == 0 ? 500 : 204);
                    clock.advance(Duration.ofSeconds(1));
                }

                List<TenantPushStatus> tenants = tracker.tenants();
                assertThat(tenants).hasSize(MAX_TENANTS);
                assertThat(tenants).extracting(TenantPushStatus::tenant).containsExactlyElementsOf(
                        IntStream.of(0, 41, 42, 43, 44, 45, 46, 47, 48, 49).mapToObj(i -> String.format("t%02d", i))
                                .toList());
                assertThat(tenants.get(0).retrying()).isTrue();
                assertThat(tenants.get(0).lastError()).startsWith("HTTP 500");

                push(tracker, "t45"); // a known tenant is not new: nothing is forgotten
                assertThat(tracker.tenants()).hasSize(MAX_TENANTS);
            } finally {
                tracker.close();
            }
        }
    }

    private PushResponse push(PushTracker tracker, String tenant) throws Exception {
        Batch batch = new Batch(tenant, clock.instant());
        LogEntry entry = LogEntry.of(1, "line of " + tenant, Labels.of("app", "a"), Delivery.NONE);
        batch.add(entry.labels(), entry, entry.sizeBytes());
        return tracker.send(encoder.encode(batch)).get(30, TimeUnit.SECONDS);
    }
}
