package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sleipnir.cli.Agent;
import io.sleipnir.config.ConfigLoader;
import io.sleipnir.testing.FreePorts;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GELF from a real client, graypy (Debian's python3-graypy, the Python logging handler), over UDP (zlib-compressed,
 * chunked when large) and over TCP (null-byte framed), into the agent and on to the test Loki receiver. A gzip
 * datagram, which graypy does not send, is written here from the GELF spec.
 */
@Timeout(120)
class GelfScenarioTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private LokiReceiver loki;
    private Agent agent;
    private int udpPort;
    private int tcpPort;
    private Path client;

    @BeforeEach
    void start() throws Exception {
        assumeThat(Files.isExecutable(PYTHON)).as("python3").isTrue();
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import graypy").start();
        assumeThat(probe.waitFor()).as("python3-graypy installed").isZero();
        client = dir.resolve("gelf_client.py");
        try (InputStream in = getClass().getResourceAsStream("gelf_client.py")) {
            Files.write(client, in.readAllBytes());
        }
        loki = new LokiReceiver();
        udpPort = FreePorts.pick();
        tcpPort = FreePorts.pick();
        agent = Agent.start(ConfigLoader.parse("""
                server:
                  http_listen_port: 0
                clients:
                  - url: %s
                    batchwait: 20ms
                positions:
                  filename: %s
                scrape_configs:
                - job_name: gelf
                  gelf:
                    listen_address: "127.0.0.1:%d"
                    use_incoming_timestamp: true
                    labels:
                      job: gelf
                  relabel_configs:
                      - action: replace
                        source_labels:
                          - __gelf_message_host
                        target_label: host
                      - action: replace
                        source_labels:
                          - __gelf_message_level
                        target_label: level
                      - action: replace
                        source_labels:
                          - __gelf_message_facility
                        target_label: facility
                      - {source_labels: [__gelf_message_version], target_label: version}
                - job_name: gelf-tcp
                  gelf:
                    listen_address: "127.0.0.1:%d"
                    listen_protocol: tcp
                    use_incoming_timestamp: true
                    labels:
                      job: gelf-tcp
                """.formatted(loki.url(), dir.resolve("positions.yaml"), udpPort, tcpPort), "gelf.yaml", false,
                Map.of()), new Agent.Options(false, System.out, Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (loki != null) {
            loki.close();
        }
    }

    @Test
    void graypyOverUdpCompressedAndChunked() throws Exception {
        // 1500 random bytes are 3000 hex characters: about 1.6 KB once compressed, so 4 chunks of 512 bytes
        send("udp", udpPort, 20, 1500);
        send("udp", udpPort, 20, 10);
        await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 40);
        List<ReceivedEntry> entries = loki.entries();
        assertThat(entries).hasSize(40);
        for (int n = 0; n < 40; n++) {
            ReceivedEntry e = entries.get(n);
            int seq = n % 20;
            assertThat(e.labels()).isEqualTo(Map.of("job", "gelf", "host", "testhost", "level", "warning",
                    "facility", "gelftest", "version", "1.0"));
            assertThat(e.timestampNanos()).isEqualTo((long) ((1764662400.25 + seq / 2.0) * 1e9));
            JsonNode line = JSON.readTree(e.line());
            assertThat(line.get("short_message").asText()).startsWith("gelf message " + seq + " ")
                    .hasSize(("gelf message " + seq + " ").length() + (n < 20 ? 3000 : 20));
            assertThat(line.get("_seq").asInt()).isEqualTo(seq);
            String seconds = BigDecimal.valueOf(1764662400.25 + seq / 2.0).toPlainString();
            assertThat(e.line())
                    .startsWith("{\"version\":\"1.0\",\"host\":\"testhost\",\"short_message\":\"gelf message ")
                    .contains("\"timestamp\":" + seconds + ",\"level\":4,\"facility\":\"gelftest\",\"_seq\":" + seq);
        }
        assertThat(agent.metrics().value("promtail_gelf_target_entries_total")).isEqualTo(40);
    }

    @Test
    void graypyOverTcpNullByteFramed() throws Exception {
        send("tcp", tcpPort, 200, 50);
        await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 200);
        List<ReceivedEntry> entries = loki.entries();
        assertThat(entries).hasSize(200);
        for (int seq = 0; seq < 200; seq++) {
            ReceivedEntry e = entries.get(seq);
            assertThat(e.labels()).isEqualTo(Map.of("job", "gelf-tcp"));
            assertThat(e.timestampNanos()).isEqualTo((long) ((1764662400.25 + seq / 2.0) * 1e9));
            assertThat(JSON.readTree(e.line()).get("_seq").asInt()).isEqualTo(seq);
        }
    }

    @Test
    void gzipDatagramFromTheSpecAndMalformedOnesNeverFatal() throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress local = InetAddress.getLoopbackAddress();
            for (byte[] bad : List.of("not json".getBytes(StandardCharsets.UTF_8), new byte[] {0x1f, (byte) 0x8b, 1},
                    "{\"version\":\"1.1\",\"host\":7}".getBytes(StandardCharsets.UTF_8))) {
                socket.send(new DatagramPacket(bad, bad.length, local, udpPort));
            }
            byte[] gzip = gzip("{\"version\":\"1.1\",\"host\":\"example.org\",\"short_message\":\"A short message\","
                    + "\"timestamp\":1231231123,\"level\":5,\"_some_extra\":\"extra\",\"ignored\":true}");
            socket.send(new DatagramPacket(gzip, gzip.length, local, udpPort));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> loki.entryCount() >= 1);
        ReceivedEntry e = loki.entries().get(0);
        // Promtail's documented example line, byte for byte
        assertThat(e.line()).isEqualTo("{\"version\":\"1.1\",\"host\":\"example.org\",\"short_message\":\"A short message\","
                + "\"timestamp\":1231231123,\"level\":5,\"_some_extra\":\"extra\"}");
        assertThat(e.labels()).isEqualTo(Map.of("job", "gelf", "host", "example.org", "level", "notice",
                "version", "1.1"));
        assertThat(e.timestampNanos()).isEqualTo(1231231123_000_000_000L);
        assertThat(agent.metrics().value("promtail_gelf_target_parsing_errors_total")).isEqualTo(3);
    }

    private void send(String kind, int port, int count, int payloadBytes) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), client.toString(), kind, String.valueOf(port),
                String.valueOf(count), String.valueOf(payloadBytes)).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
