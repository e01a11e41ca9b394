package io.sleipnir.source.gelf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sleipnir.config.GelfConfig;
import io.sleipnir.config.ListenAddress;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.LogEntry;
import io.sleipnir.source.SourceContext;
import io.sleipnir.testing.MutableClock;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chunk expiry reads the agent's injected clock: a real UDP socket, and a clock the test moves, so that a message
 * whose second chunk comes "6 s" after its first is dropped and counted, while one whose chunks come 4 s apart is
 * delivered, without the test waiting.
 */
@Timeout(60)
class GelfSourceClockTest {

    private static byte[] chunk(long id, int seq, int count, String part) {
        byte[] body = part.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[GelfChunks.HEADER + body.length];
        out[0] = 0x1e;
        out[1] = 0x0f;
        for (int i = 0; i < 8; i++) {
            out[2 + i] = (byte) (id >>> (56 - 8 * i));
        }
        out[10] = (byte) seq;
        out[11] = (byte) count;
        System.arraycopy(body, 0, out, GelfChunks.HEADER, body.length);
        return out;
    }

    @Test
    void chunksOlderThanFiveSecondsOnTheInjectedClockAreDroppedAndCounted() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
        List<LogEntry> received = new CopyOnWriteArrayList<>();
        AgentMetrics metrics = new AgentMetrics();
        GelfSource source = new GelfSource(new GelfConfig(ListenAddress.parse("127.0.0.1:0"), "udp", Map.of(), false),
                List.of(), new SourceContext("gelf", received::add, metrics, clock, null));
        source.start();
        try (DatagramSocket client = new DatagramSocket()) {
            InetAddress to = InetAddress.getLoopbackAddress();
            send(client, to, source.port(), chunk(1, 0, 2, "{\"short_message\":\"la"));
            send(client, to, source.port(), chunk(2, 0, 2, "{\"short_message\":\"in"));
            // The reader takes datagrams in order: once this one arrived, both first chunks were taken at 10:00:00.
            send(client, to, source.port(), chunk(9, 0, 1, "{\"short_message\":\"sync\",\"host\":\"h\"}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1);
            clock.advance(Duration.ofSeconds(4));
            send(client, to, source.port(), chunk(2, 1, 2, " time\",\"host\":\"h\"}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 2);
            clock.advance(Duration.ofSeconds(2));
            send(client, to, source.port(), chunk(1, 1, 2, "te\",\"host\":\"h\"}"));
            send(client, to, source.port(), chunk(3, 0, 1, "{\"short_message\":\"after\",\"host\":\"h\"}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 3);
        } finally {
            source.close();
        }
        assertThat(received).extracting(LogEntry::line).containsExactly(
                "{\"version\":\"\",\"host\":\"h\",\"short_message\":\"sync\",\"timestamp\":0}",
                "{\"version\":\"\",\"host\":\"h\",\"short_message\":\"in time\",\"timestamp\":0}",
                "{\"version\":\"\",\"host\":\"h\",\"short_message\":\"after\",\"timestamp\":0}");
        assertThat(metrics.registry().getSampleValue("sleipnir_network_source_rejected_total",
                new String[] {"source", "reason"}, new String[] {"gelf", "incomplete_chunks"}))
                .as("message 1 expired: its first chunk was 6 s old by the clock when the second came").isEqualTo(1.0);
    }

    private static void send(DatagramSocket client, InetAddress to, int port, byte[] data) throws Exception {
        client.send(new DatagramPacket(data, data.length, to, port));
    }
}
