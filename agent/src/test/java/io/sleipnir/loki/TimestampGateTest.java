package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sleipnir.config.LimitsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.model.TimestampFence;
import io.sleipnir.testing.LokiReceiver;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bound of the timestamp gate, with fences standing in for the positions file's (the real one, and a batch
 * held until the write, are in {@code TimestampGateCrashTest}): a batch never waits longer than
 * {@link TenantSender#TIMESTAMP_WAIT} for a write that does not come, nor at all once a write failed, and either is
 * counted, because after a crash those lines may come back with other timestamps.
 */
class TimestampGateTest {
    private static final Labels APP = Labels.of("app", "order");

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final LokiReceiver loki = new LokiReceiver();
    private final AgentMetrics metrics = new AgentMetrics();
    private LokiClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.closeNow();
        }
        loki.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private LokiClient client() {
        var config = TestClients.to(loki.url()).build();
        client = new LokiClient(config, LimitsConfig.defaults(), NettyPushSender.create(config, group), metrics,
                Clock.systemUTC(), 4 * config.batchSize());
        return client;
    }

    private double metric(String name) {
        return metrics.value(name, "host", client.host(), "tenant", "");
    }

    @Test
    void aWriteThatNeverComesHoldsTheBatchAtMostTheBoundThenItGoesAndIsCounted() throws Exception {
        LokiClient c = client();
        c.accept(LogEntry.of(1, "line", APP, new FencedDelivery(new Fence(false, false))));
        await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() == 1);
        assertThat(metric("sleipnir_push_timestamp_waits_total")).isEqualTo(1);
        assertThat(metric("sleipnir_push_timestamps_not_saved_total")).isEqualTo(1);
    }

    @Test
    void aFailedWriteReleasesTheBatchAtOnceAndIsCountedAWrittenAnchorIsNot() throws Exception {
        LokiClient c = client();
        c.accept(LogEntry.of(1, "failed write", APP, new FencedDelivery(new Fence(true, false))));
        await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() == 1);
        assertThat(metric("sleipnir_push_timestamp_waits_total")).isZero();
        assertThat(metric("sleipnir_push_timestamps_not_saved_total")).isEqualTo(1);

        c.accept(LogEntry.of(2, "written", APP, new FencedDelivery(new Fence(true, true))));
        await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() == 2);
        assertThat(metric("sleipnir_push_timestamp_waits_total")).isZero();
        assertThat(metric("sleipnir_push_timestamps_not_saved_total")).isEqualTo(1);
    }

    private record Fence(boolean settled, boolean durable) implements TimestampFence {
        @Override
        public long sequence() {
            return 1;
        }

        @Override
        public void needed() {
        }

        @Override
        public void whenSettled(Runnable action) {
            if (settled) {
                action.run();
            } // else never: the write does not come
        }
    }

    private static final class FencedDelivery extends CountingDeliveryBase {
        private final TimestampFence fence;

        FencedDelivery(TimestampFence fence) {
            this.fence = fence;
        }

        @Override
        public TimestampFence timestampFence(long timestampNanos) {
            return fence;
        }
    }

    private abstract static class CountingDeliveryBase implements io.sleipnir.model.Delivery {
        @Override
        public void retain(int holders) {
        }

        @Override
        public void complete() {
        }
    }
}
