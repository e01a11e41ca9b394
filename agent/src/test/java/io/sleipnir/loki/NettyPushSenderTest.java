package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.sleipnir.config.ClientConfig;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sender copies each encoded body once, into a buffer from its allocator, before {@code send} returns (the
 * encoder reuses its array), and gives that buffer back whatever becomes of the push. An instrumented unpooled
 * allocator counts the bytes still allocated; a real Loki receiver on a real socket.
 */
@Timeout(60)
class NettyPushSenderTest {
    private static final Labels APP = Labels.of("app", "shop");

    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
    private final LokiReceiver loki = new LokiReceiver();
    private NettyPushSender sender;

    @AfterEach
    void tearDown() {
        if (sender != null) {
            sender.close();
        }
        loki.close();
    }

    private static Batch batch(String... lines) {
        Batch batch = new Batch("", Instant.EPOCH);
        long ts = 1_700_000_000_000_000_000L;
        for (String line : lines) {
            byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
            LogEntry e = LogEntry.ofUtf8(ts++, utf8, 0, utf8.length, APP, Labels.empty(), Delivery.NONE);
            batch.add(APP, e, e.sizeBytes());
        }
        return batch;
    }

    private long stillAllocated() {
        return allocator.metric().usedDirectMemory() + allocator.metric().usedHeapMemory();
    }

    @Test
    void eachPushIsSentAsEncodedEvenWhenTheEncoderIsReusedAtOnceAndLeavesNoBufferAllocated() throws Exception {
        ClientConfig config = TestClients.to(loki.url()).build();
        sender = NettyPushSender.create(config, 1, allocator);
        PushEncoder encoder = new PushEncoder();

        // One connection: the second push waits for the first, and its body was encoded over the first one's array.
        var first = sender.send(encoder.encode(batch("first push, line 1", "first push, line 2")));
        var second = sender.send(encoder.encode(batch("second")));

        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(204);
        assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo(204);
        assertThat(loki.entries()).extracting(ReceivedEntry::line)
                .containsExactly("first push, line 1", "first push, line 2", "second");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stillAllocated())
                .as("bytes of request and response buffers not given back").isZero());
    }

    @Test
    void aPushThatCannotConnectGivesItsBodyBack() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ClientConfig config = TestClients.to("http://127.0.0.1:" + closedPort + "/loki/api/v1/push").build();
        sender = NettyPushSender.create(config, 1, allocator);

        PushResponse response = sender.send(new PushEncoder().encode(batch("never sent"))).get(10, TimeUnit.SECONDS);

        assertThat(response.isConnectionError()).isTrue();
        assertThat(stillAllocated()).as("bytes of the body not given back").isZero();
    }
}
