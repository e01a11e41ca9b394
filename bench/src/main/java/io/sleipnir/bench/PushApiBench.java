package io.sleipnir.bench;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;

/**
 * The push source end to end: the agent jar runs one {@code loki_push_api} job shipping to a {@link NullLoki};
 * this harness pushes N entries (150 to 200 byte lines) as snappy+protobuf requests of 1,000 entries from
 * {@code -Dpushers} connections (2), each waiting for its answer as Promtail's client does, retrying a 429 after its Retry-After. It samples the agent's CPU time
 * from {@code /proc} between the first and the last entry reaching the null Loki.
 *
 * <pre>java -Dpushers=8 -Dbatchwait=50ms -cp bench/target/sleipnir-bench.jar io.sleipnir.bench.PushApiBench 1000000 agent/target/sleipnir.jar -Xmx100m</pre>
 */
public final class PushApiBench {
    private static final int PER_REQUEST = 1000;
    /** The relay's client batchwait: a pusher's answer waits for it (ack-through). {@code -Dbatchwait=1s}. */
    private static final String BATCH_WAIT = System.getProperty("batchwait", "1s");
    /** Concurrent pushing connections. {@code -Dpushers=2}. */
    private static final int PUSHERS = Integer.getInteger("pushers", 2);

    public static void main(String[] args) throws Exception {
        long entries = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        AgentProcess.Launch launch = AgentProcess.launch(args, 1);
        Path dir = AgentProcess.scratchDirectory("sleipnir-push-bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<byte[]> bodies = new ArrayList<>();
        for (int r = 0; r < 16; r++) {
            bodies.add(body(r));
        }
        try (NullLoki loki = new NullLoki()) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, """
                    server:
                      http_listen_port: 0
                    clients:
                      - url: %s
                        batchwait: %s
                    positions:
                      filename: %s
                    scrape_configs:
                      - job_name: push
                        loki_push_api:
                          server:
                            http_listen_address: 127.0.0.1
                            http_listen_port: %d
                          use_incoming_timestamp: true
                    """.formatted(loki.url(), BATCH_WAIT, dir.resolve("positions.yaml"), port));
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(launch.jvmFlags());
            cmd.addAll(List.of("-jar", launch.jar().toString(), "-config.file=" + config, "-log.level=warn"));
            Process agent = new ProcessBuilder(cmd).inheritIO().start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String url = "http://127.0.0.1:" + port + "/loki/api/v1/push";
            waitReady(http, "http://127.0.0.1:" + port + "/ready");
            long requests = entries / PER_REQUEST;
            AtomicLong next = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            ExecutorService pushers = Executors.newFixedThreadPool(PUSHERS);
            List<Future<?>> done = new ArrayList<>();
            long cpuAtFirst = -1;
            for (int t = 0; t < PUSHERS; t++) {
                done.add(pushers.submit(() -> {
                    for (long r; (r = next.getAndIncrement()) < requests; ) {
                        byte[] body = bodies.get((int) (r % bodies.size()));
                        while (true) {
                            HttpResponse<Void> resp = http.send(HttpRequest.newBuilder(URI.create(url))
                                    .header("Content-Type", "application/x-protobuf")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                    HttpResponse.BodyHandlers.discarding());
                            if (resp.statusCode() == 204) {
                                break;
                            }
                            refused.incrementAndGet();
                            Thread.sleep(100);
                        }
                    }
                    return null;
                }));
            }
            long cpuTicks = 0;
            long peakRss = 0;
            while (loki.entries() < requests * PER_REQUEST) {
                long[] sample = AgentProcess.sample(agent.pid());
                cpuTicks = sample[0];
                peakRss = Math.max(peakRss, sample[2]);
                if (cpuAtFirst < 0 && loki.entries() > 0) {
                    cpuAtFirst = cpuTicks;
                }
                Thread.sleep(20);
            }
            long lastNanos = System.nanoTime();
            cpuTicks = AgentProcess.sample(agent.pid())[0];
            for (Future<?> f : done) {
                f.get();
            }
            pushers.shutdown();
            agent.destroy();
            agent.waitFor();
            long sent = requests * PER_REQUEST;
            double seconds = (lastNanos - loki.firstPushNanos()) / 1e9;
            double cpu = (cpuTicks - Math.max(cpuAtFirst, 0)) / (double) AgentProcess.CLOCK_TICKS_PER_SECOND;
            System.out.printf(Locale.ROOT, "entries pushed/received  %,d / %,d (%,d answers 429)%n", sent,
                    loki.entries(), refused.get());
            System.out.printf(Locale.ROOT, "throughput               %,.0f entries/s (first to last entry at Loki)%n",
                    sent / seconds);
            System.out.printf(Locale.ROOT, "pushers, batchwait       %d connections, relay batchwait %s%n", PUSHERS,
                    BATCH_WAIT);
            System.out.printf(Locale.ROOT, "agent CPU per entry      %.2f us steady%n", cpu * 1e6 / sent);
            System.out.printf(Locale.ROOT, "agent peak RSS           %.1f MiB (JVM flags: %s)%n", peakRss / 1024.0,
                    String.join(" ", launch.jvmFlags()));
        }
    }

    private static void waitReady(HttpClient http, String url) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the agent's push port never became ready");
    }

    /** One snappy+protobuf PushRequest of {@link #PER_REQUEST} entries in 4 streams, lines of 150 to 200 bytes. */
    private static byte[] body(int seed) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(request);
        long ts = 1_764_583_200_000_000_000L + seed * 10_000L;
        for (int s = 0; s < 4; s++) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            CodedOutputStream so = CodedOutputStream.newInstance(stream);
            so.writeString(1, "{app=\"bench\", pod=\"pod-" + s + "\"}");
            for (int i = 0; i < PER_REQUEST / 4; i++) {
                String line = "ts=2026-12-01T10:00:00Z level=info msg=\"request served\" seed=" + seed + " stream=" + s
                        + " n=" + i + " path=/api/v1/orders/" + (100000 + i) + " " + "x".repeat(60 + (i % 50));
                ByteArrayOutputStream entry = new ByteArrayOutputStream();
                CodedOutputStream eo = CodedOutputStream.newInstance(entry);
                ByteArrayOutputStream time = new ByteArrayOutputStream();
                CodedOutputStream to = CodedOutputStream.newInstance(time);
                long t = ts + i;
                to.writeInt64(1, t / 1_000_000_000L);
                to.writeInt32(2, (int) (t % 1_000_000_000L));
                to.flush();
                eo.writeByteArray(1, time.toByteArray());
                eo.writeByteArray(2, line.getBytes(StandardCharsets.UTF_8));
                eo.flush();
                so.writeByteArray(2, entry.toByteArray());
            }
            so.flush();
            out.writeByteArray(1, stream.toByteArray());
        }
        out.flush();
        return Snappy.compress(request.toByteArray());
    }
}
