package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sleipnir.config.ClientConfig;
import io.sleipnir.config.LimitsConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.LogCapture;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.ReceivedEntry;
import io.sleipnir.testing.ReceivedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LokiClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Labels APP = Labels.of("app", "order", "namespace", "shop");
    private static EventLoopGroup group;

    private LokiReceiver loki;
    private AgentMetrics metrics;
    private final List<LokiClient> clients = new ArrayList<>();
    private final List<CountingDelivery> deliveries = new ArrayList<>();

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void setUp() {
        loki = new LokiReceiver();
        metrics = new AgentMetrics();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(LokiClient::closeNow);
        loki.close();
    }

    private LokiClient client(TestClients config) {
        return client(config.build(), LimitsConfig.defaults(), 4 * config.batchSize);
    }

    private LokiClient client(ClientConfig config, LimitsConfig limits, long maxBufferedBytes) {
        LokiClient c = new LokiClient(config, limits, NettyPushSender.create(config, group), metrics,
                Clock.systemUTC(), maxBufferedBytes);
        clients.add(c);
        return c;
    }

    private LogEntry entry(long ts, String line, Labels labels) {
        CountingDelivery d = new CountingDelivery();
        synchronized (deliveries) {
            deliveries.add(d);
        }
        return LogEntry.of(ts, line, labels, d);
    }

    private long completed() {
        synchronized (deliveries) {
            return deliveries.stream().filter(d -> d.completions() > 0).count();
        }
    }

    private long fullyDone() {
        synchronized (deliveries) {
            return deliveries.stream().filter(CountingDelivery::done).count();
        }
    }

    private void awaitAllCompletedOnce() {
        await().atMost(WAIT).until(() -> completed() == deliveries.size());
        synchronized (deliveries) {
            assertThat(deliveries).allSatisfy(d -> assertThat(d.completions()).isEqualTo(1));
        }
    }

    private double metric(String name, String... labels) {
        return metrics.value(name, labels);
    }

    private String host() {
        return "127.0.0.1:" + loki.port();
    }

    @Test
    void aCustomAuthorizationHeaderWinsOverBasicAuthBearerAndUrlCredentialsAsInPromtail() throws Exception {
        // Promtail sets headers: on the request first; Go's url credentials and Prometheus' basic_auth and bearer
        // round trippers then add theirs only when no Authorization header is set.
        String url = "http://user:urlpw@127.0.0.1:" + loki.port() + LokiReceiver.PUSH_PATH;
        LokiClient basic = client(TestClients.to(loki.url()).basicAuth("u", "pw")
                .header("authorization", "Bearer from-headers-1"));
        LokiClient bearer = client(TestClients.to(loki.url()).bearerTokenFile("/nonexistent/never-read")
                .header("Authorization", "Bearer from-headers-2"));
        LokiClient inUrl = client(TestClients.to(url).header("Authorization", "Bearer from-headers-3"));

        basic.accept(entry(1, "a", APP));
        bearer.accept(entry(2, "b", APP));
        inUrl.accept(entry(3, "c", APP));

        await().atMost(Duration.ofSeconds(10)).until(() -> loki.requests().size() == 3);
        assertThat(loki.requests()).extracting(r -> r.headers().get("authorization"))
                .containsExactlyInAnyOrder("Bearer from-headers-1", "Bearer from-headers-2", "Bearer from-headers-3");
    }

    @Test
    void emptyAndTinyLinesAreHeldToTheBudgetToo() throws Exception {
        // A line's bytes alone were its cost: a file of empty lines cost nothing against the budget, so the reader
        // never waited and 3 MB of empty lines ran a 32 MiB heap out of memory (each entry is about 100 bytes of
        // objects). Each entry now costs at least Batch.MIN_ENTRY_CHARGE.
        loki.respondWith(500); // Loki down: nothing held is given back
        ClientConfig config = TestClients.to(loki.url()).build();
        long budget = 64 * 1024;
        LokiClient client = client(config, LimitsConfig.defaults(), budget);
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 200_000; i++) {
                    client.accept(entry(i, i % 2 == 0 ? "" : "x", APP)); // a source that cannot pause: it waits
                    accepted.incrementAndGet();
                }
            } catch (InterruptedException | IllegalStateException e) {
                // stopped by the client's close at the end of the test
            }
        }, "empty-lines");
        producer.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> producer.getState() == Thread.State.WAITING
                || !producer.isAlive());
        assertThat(producer.isAlive()).as("the producer waits for the budget instead of handing on every line").isTrue();
        assertThat(accepted.get()).as("entries held by a 64 KiB budget")
                .isLessThanOrEqualTo((int) (budget / Batch.MIN_ENTRY_CHARGE) + 1);
        assertThat(client.bufferedBytes()).isLessThanOrEqualTo(budget);
    }

    @Test
    void shortLinesAreSentAsTheyFillTheBudgetNotAfterBatchwait() throws Exception {
        // Cut by bytes alone, a batch of short lines filled the whole budget long before batchsize; the reader then
        // waited for batchwait (here an hour) before anything was sent.
        ClientConfig config = TestClients.to(loki.url()).batchWait(Duration.ofHours(1)).build();
        long budget = 64 * 1024;
        LokiClient client = client(config, LimitsConfig.defaults(), budget);
        int count = 20_000; // about twenty budgets' worth
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    client.accept(entry(i, "l" + i, APP)); // a source that cannot pause: it waits for the budget
                }
            } catch (InterruptedException | IllegalStateException e) {
                // stopped by the client's close at the end of the test
            }
        }, "short-lines");
        producer.start();

        // All but the batch still being built, which waits for batchwait or the client's close.
        int perBatch = (int) (budget / 4 / Batch.MIN_ENTRY_CHARGE);
        await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() >= count - perBatch);
        producer.join(Duration.ofSeconds(10).toMillis());
        assertThat(client.close(Duration.ofSeconds(10))).isTrue();
        assertThat(loki.lines()).as("in order").containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, count).mapToObj(i -> "l" + i).toList());
        assertThat(client.batchesCut(CutReason.BUDGET)).as("batches of a quarter of the budget")
                .isEqualTo(count / perBatch);
        assertThat(client.batchesCut(CutReason.WAIT)).isZero();
    }

    @Test
    void connectionsToLokiAreCappedPerClientAndPushesPastTheCapWaitTheirTurn() throws Exception {
        loki.slow(Duration.ofMillis(200)); // every tenant's push is in flight at once
        ClientConfig config = TestClients.to(loki.url()).build();
        LokiClient client = new LokiClient(config, LimitsConfig.defaults(), NettyPushSender.create(config, CAP_FOR_TEST),
                metrics, Clock.systemUTC(), 1 << 20);
        clients.add(client);

        for (int i = 0; i < 40; i++) {
            client.accept(entry(i, "line " + i, APP.with("__tenant_id__", "t" + i)));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> loki.entryCount() == 40);
        assertThat(loki.entries()).extracting(ReceivedEntry::tenant).doesNotHaveDuplicates().hasSize(40);
        assertThat(loki.peakConnections()).as("connections open at once").isBetween(1, CAP_FOR_TEST);
    }

    private static final int CAP_FOR_TEST = 4;

    @Test
    void deliversLabelsTimestampsAndMetadataWithExternalLabelsUnderTheEntrysOwn() throws Exception {
        LokiClient client = client(TestClients.to(loki.url())
                .externalLabel("cluster", "eu-1").externalLabel("app", "from-config"));
        Labels labels = APP.with("__path__", "/var/log/x.log");
        client.accept(new LogEntry(1_700_000_000_123_456_789L, "hello", labels, Labels.of("trace_id", "abc"),
                new CountingDelivery()));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);

        ReceivedEntry got = loki.entries().get(0);
        assertThat(got.labels()).isEqualTo(Map.of("app", "order", "namespace", "shop", "cluster", "eu-1"));
        assertThat(got.timestampNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(got.line()).isEqualTo("hello");
        assertThat(got.structuredMetadata()).isEqualTo(Map.of("trace_id", "abc"));
        assertThat(got.tenant()).isEmpty();
        assertThat(loki.requests().get(0).header("X-Scope-OrgID")).isNull();
        assertThat(metric("promtail_sent_entries_total", "host", host())).isEqualTo(1);
    }

    @Test
    void labelValuesWithEscapesArriveIntact() throws Exception {
        LokiClient client = client(TestClients.to(loki.url()));
        Labels labels = Labels.of("file", "C:\\logs\\\"quoted\"", "multi", "a\nb");
        client.accept(entry(1, "x", labels));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);

        assertThat(loki.entries().get(0).labels()).isEqualTo(labels.toMap());
    }

    @Test
    void sendsProtocolTenantAuthAndCustomHeadersWithoutOverridingOurs() throws Exception {
        LokiClient client = client(TestClients.to(loki.url()).tenant("team-a").basicAuth("user", "s3cret")
                .header("Content-Type", "text/plain").header("User-Agent", "evil").header("X-Custom", "yes"));
        client.accept(entry(1, "x", APP));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);

        ReceivedRequest request = loki.requests().get(0);
        assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(request.header("Content-Encoding")).isNull();
        assertThat(request.header("User-Agent")).startsWith("sleipnir/");
        assertThat(request.header("X-Scope-OrgID")).isEqualTo("team-a");
        assertThat(request.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("user:s3cret".getBytes()));
        assertThat(request.header("X-Custom")).isEqualTo("yes");
        assertThat(loki.entries().get(0).tenant()).isEqualTo("team-a");
    }

    /** The url is split as Go's net/url does, so the Host header and host label come from it (not java.net.URI). */
    @Test
    void pushesToTheUrlsHostPortAndPathWithGosHostHeader() throws Exception {
        String url = "http://127.0.0.1:" + loki.port() + LokiReceiver.PUSH_PATH + "?x=1";
        LokiClient client = client(TestClients.to(url));
        client.accept(entry(1, "via host header", APP));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);

        ReceivedRequest request = loki.requests().get(0);
        assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + loki.port());
        assertThat(request.path()).isEqualTo(LokiReceiver.PUSH_PATH + "?x=1");
        assertThat(loki.lines()).containsExactly("via host header");
        assertThat(client.host()).isEqualTo("127.0.0.1:" + loki.port());
    }

    /** loki_gateway cannot be resolved here: the host label proves the sender took the host java.net.URI loses. */
    @Test
    void aHostWithAnUnderscoreIsTheClientsHostLabel() {
        LokiClient client = client(TestClients.to("http://loki_gateway:3100/loki/api/v1/push"));
        assertThat(client.host()).isEqualTo("loki_gateway:3100");
    }

    @Test
    void bearerTokenIsReadFromFileAndTrimmed(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "tok-123\n");
        LokiClient client = client(TestClients.to(loki.url()).bearerTokenFile(token.toString()));
        client.accept(entry(1, "x", APP));

        await().atMost(WAIT).until(() -> loki.entryCount() == 1);

        assertThat(loki.requests().get(0).header("Authorization")).isEqualTo("Bearer tok-123");
    }

    @Test
    void tenantComesFromTheReservedLabelWhichIsNotSent() throws Exception {
        LokiClient client = client(TestClients.to(loki.url()).tenant("default-tenant"));
        client.accept(entry(1, "routed", APP.with("__tenant_id__", "tenant-b")));
        client.accept(entry(2, "default", APP));

        await().atMost(WAIT).until(() -> loki.entryCount() == 2);

        assertThat(loki.entries()).extracting(ReceivedEntry::line, ReceivedEntry::tenant)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("routed", "tenant-b"),
                        org.assertj.core.groups.Tuple.tuple("default", "default-tenant"));
        assertThat(loki.entries()).allSatisfy(e -> assertThat(e.labels()).doesNotContainKey("__tenant_id__"));
    }

    @Test
    void cutsBatchesBySizeAndSendsTheRestOnClose() throws Exception {
        // 10 entries of 100 bytes fill a 1000-byte batch; the 11th starts a new one.
        LokiClient client = client(TestClients.to(loki.url()).batchSize(1000).batchWait(Duration.ofMinutes(1)));
        for (int i = 0; i < 95; i++) {
            client.accept(entry(i, String.format("%0100d", i), APP));
        }

        await().atMost(WAIT).until(() -> loki.entryCount() == 90);
        assertThat(loki.pushCount()).isEqualTo(9);
        assertThat(client.batchesCut(CutReason.SIZE)).isEqualTo(9);

        assertThat(client.close(WAIT)).isTrue();

        assertThat(loki.entryCount()).isEqualTo(95);
        assertThat(client.batchesCut(CutReason.SHUTDOWN)).isEqualTo(1);
        awaitAllCompletedOnce();
    }

    @Test
    void sendsAPartialBatchAfterBatchWait() throws Exception {
        LokiClient client = client(TestClients.to(loki.url()).batchWait(Duration.ofMillis(50)));
        client.accept(entry(1, "a", APP));
        client.accept(entry(2, "b", APP));
        client.accept(entry(3, "c", APP));

        await().atMost(WAIT).until(() -> loki.entryCount() == 3);

        assertThat(loki.pushCount()).isEqualTo(1);
        assertThat(loki.lines()).containsExactly("a", "b", "c");
        assertThat(client.batchesCut(CutReason.WAIT)).isEqualTo(1);
    }

    @Test
    void retriesServerErrorsAndAcknowledgesOnlyAfterDelivery() throws Exception {
        loki.respondWith(500);
        LokiClient client = client(TestClients.to(loki.url()));
        for (int i = 0; i < 20; i++) {
            client.accept(entry(i, "line-" + i, APP));
        }

        await().atMost(WAIT).until(() -> loki.pushCount() >= 5); // past max_retries: still retrying
        assertThat(completed()).isZero();
        assertThat(loki.entryCount()).isZero();
        assertThat(metric("promtail_batch_retries_total", "host", host(), "tenant", "")).isGreaterThanOrEqualTo(4);

        loki.respondWith(204);
        awaitAllCompletedOnce();
        assertThat(loki.lines()).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 20).mapToObj(i -> "line-" + i).toList());
        assertThat(metric("promtail_request_duration_seconds_count", "status_code", "500", "host", host()))
                .isGreaterThanOrEqualTo(5);
        assertThat(metric("promtail_dropped_entries_total", "host", host(), "tenant", "", "reason", "ingester_error"))
                .isZero();
    }

    @Test
    void encodedBytesCountABatchOnceAcrossItsRetriesAsPromtailDoes() throws Exception {
        loki.respondWith(500, 3);
        LokiClient client = client(TestClients.to(loki.url()).batchWait(Duration.ofMillis(500))); // one batch
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(i + " caf\u00e9 " + "x".repeat(i));
            client.accept(entry(i, lines.get(i), i % 2 == 0 ? APP : Labels.of("app", "other")));
        }

        awaitAllCompletedOnce();

        assertThat(loki.lines()).containsExactlyInAnyOrderElementsOf(lines);
        List<ReceivedRequest> pushes = loki.requests();
        assertThat(pushes).extracting(ReceivedRequest::status).containsExactly(500, 500, 500, 204);
        int body = pushes.get(0).bodyBytes();
        assertThat(pushes).extracting(ReceivedRequest::bodyBytes).containsOnly(body);
        // Promtail encodes a batch once and counts it then; its retries send those bytes again
        assertThat(metric("promtail_encoded_bytes_total", "host", host())).isEqualTo(body);
        assertThat(metric("promtail_sent_bytes_total", "host", host())).isEqualTo(body);
        assertThat(metric("promtail_batch_retries_total", "host", host(), "tenant", "")).isEqualTo(3);
    }

    @Test
    void retriesRateLimitedBatches() throws Exception {
        loki.respondWith(429, 3);
        LokiClient client = client(TestClients.to(loki.url()));
        client.accept(entry(1, "a", APP));
        client.accept(entry(2, "b", APP));

        awaitAllCompletedOnce();

        assertThat(loki.lines()).containsExactly("a", "b");
        assertThat(loki.pushCount()).isEqualTo(4);
    }

    @Test
    void dropsRateLimitedBatchesWhenConfigured() throws Exception {
        loki.respondWith(429);
        LokiClient client = client(TestClients.to(loki.url()).dropRateLimited());
        client.accept(entry(1, "a", APP));
        client.accept(entry(2, "bb", APP));

        awaitAllCompletedOnce();

        assertThat(loki.pushCount()).isEqualTo(1);
        assertThat(metric("promtail_dropped_entries_total", "host", host(), "tenant", "", "reason", "rate_limited"))
                .isEqualTo(2);
        assertThat(metric("promtail_dropped_bytes_total", "host", host(), "tenant", "", "reason", "rate_limited"))
                .isEqualTo(3);
    }

    @Test
    void badRequestIsFinalNotRetriedAndCountedAsDropped() throws Exception {
        loki.respondWith(400, 1);
        LokiClient client = client(TestClients.to(loki.url()));
        client.accept(entry(1, "rejected", APP));
        await().atMost(WAIT).until(() -> completed() == 1);

        client.accept(entry(2, "accepted", APP));
        awaitAllCompletedOnce();

        assertThat(loki.pushCount()).isEqualTo(2);
        assertThat(loki.lines()).containsExactly("accepted");
        assertThat(metric("promtail_dropped_entries_total", "host", host(), "tenant", "", "reason", "ingester_error"))
                .isEqualTo(1);
    }

    @Test
    void unauthorizedIsFinal() throws Exception {
        loki.respondWith(401, 1);
        LokiClient client = client(TestClients.to(loki.url()));
        client.accept(entry(1, "x", APP));

        awaitAllCompletedOnce();

        assertThat(loki.pushCount()).isEqualTo(1);
        assertThat(metric("promtail_dropped_entries_total", "host", host(), "tenant", "", "reason", "ingester_error"))
                .isEqualTo(1);
    }

    @Test
    void refusedCredentialsAreLoggedOnceAtErrorNamingTheirSource() throws Exception {
        loki.respondWith(403);
        try (LogCapture logs = LogCapture.start(java.util.logging.Level.FINE)) {
            LokiClient client = client(TestClients.to(loki.url()).bearerToken("tok-s3cret"));
            client.accept(entry(1, "a", APP));
            await().atMost(WAIT).until(() -> completed() == 1);
            client.accept(entry(2, "b", APP));
            awaitAllCompletedOnce();

            List<LogCapture.Line> errors = logs.lines().stream()
                    .filter(l -> l.level().equals(java.util.logging.Level.SEVERE)).toList();
            assertThat(errors).singleElement().extracting(LogCapture.Line::message).asString()
                    .contains("loki at " + loki.url() + " refused the credentials (403 Forbidden)")
                    .contains("credentials from: bearer_token.")
                    .doesNotContain("tenant_id");
            assertThat(logs.lines()).noneMatch(l -> l.text().contains("tok-s3cret"));
        }
        assertThat(loki.pushCount()).isEqualTo(2);
    }

    @Test
    void unauthorizedWithoutCredentialsSaysNoneAreConfigured() throws Exception {
        loki.respondWith(401);
        try (LogCapture logs = LogCapture.start(java.util.logging.Level.INFO)) {
            LokiClient client = client(TestClients.to(loki.url()));
            client.accept(entry(1, "a", APP));
            awaitAllCompletedOnce();
            assertThat(logs.lines(java.util.logging.Level.SEVERE, "refused the credentials (401 Unauthorized)"))
                    .singleElement().extracting(LogCapture.Line::message).asString()
                    .contains("credentials from: none configured");
        }
    }

    @Test
    void tooLargeBatchesAreSplitAndOnlyAnEntryTooLargeAloneIsDropped() throws Exception {
        Random random = new Random(7);
        loki.maxBodyBytes(3000);
        LokiClient client = client(TestClients.to(loki.url()).batchWait(Duration.ofMillis(200)));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String line = i + ":" + randomText(random, 200);
            if (i == 17) {
                client.accept(entry(i, randomText(random, 5000), APP));
            } else {
                expected.add(line);
                client.accept(entry(i, line, APP));
            }
        }

        awaitAllCompletedOnce();

        assertThat(loki.lines()).containsExactlyElementsOf(expected);
        assertThat(metric("promtail_dropped_entries_total", "host", host(), "tenant", "", "reason", "ingester_error"))
                .isEqualTo(1);
        assertThat(metric("promtail_dropped_bytes_total", "host", host(), "tenant", "", "reason", "ingester_error"))
                .isEqualTo(5000);
    }

    @Test
    void droppedConnectionsAreRetried() throws Exception {
        loki.disconnectNext(2);
        LokiClient client = client(TestClients.to(loki.url()));
        client.accept(entry(1, "a", APP));
        client.accept(entry(2, "b", APP));

        awaitAllCompletedOnce();

        assertThat(loki.lines()).containsExactly("a", "b");
        assertThat(loki.pushCount()).isEqualTo(3);
    }

    @Test
    void refusedConnectionsAreRetriedUntilLokiComesUp() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LokiClient client = client(TestClients.to("http://127.0.0.1:" + port + "/loki/api/v1/push"));
        client.accept(entry(1, "a", APP));

        await().atMost(WAIT).until(() -> metric("promtail_batch_retries_total", "host", "127.0.0.1:" + port,
                "tenant", "") >= 3);
        assertThat(completed()).isZero();
    }

    @Test
    void timeoutCountsAsAConnectionErrorAndIsRetried() throws Exception {
        loki.slow(Duration.ofMillis(600));
        LokiClient client = client(TestClients.to(loki.url()).timeout(Duration.ofMillis(200)));
        client.accept(entry(1, "a", APP));

        await().atMost(WAIT).until(() -> loki.pushCount() >= 2);
        loki.slow(Duration.ZERO);

        awaitAllCompletedOnce();
        assertThat(metric("promtail_request_duration_seconds_count", "status_code", "-1", "host", host()))
                .isGreaterThanOrEqualTo(1);
        assertThat(loki.lines()).contains("a"); // a timed-out push may also have been stored: Loki de-duplicates
    }

    @Test
    void acceptBlocksWhenTheByteBudgetIsFullAndResumesWhenLokiRecovers() throws Exception {
        loki.respondWith(500);
        TestClients config = TestClients.to(loki.url()).batchSize(500);
        LokiClient client = client(config.build(), LimitsConfig.defaults(), 1000);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 30; i++) {
                    client.accept(entry(i, String.format("%0100d", i), APP));
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(WAIT).until(() -> client.bufferedBytes() == 1000);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !reader.isDone());
        assertThat(client.bufferedBytes()).isEqualTo(1000);

        loki.respondWith(204);
        reader.get(10, TimeUnit.SECONDS);
        awaitAllCompletedOnce();
        assertThat(loki.entryCount()).isEqualTo(30);
        assertThat(client.bufferedBytes()).isZero();
    }

    @Test
    void blockedAcceptHonoursInterruption() throws Exception {
        loki.respondWith(500);
        LokiClient client = client(TestClients.to(loki.url()).batchSize(100).build(), LimitsConfig.defaults(), 100);
        client.accept(entry(1, "x".repeat(100), APP));
        Thread reader = new Thread(() -> {
            try {
                client.accept(entry(2, "y".repeat(100), APP));
            } catch (InterruptedException expected) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        await().atMost(WAIT).until(() -> reader.getState() == Thread.State.WAITING);

        reader.interrupt();

        reader.join(5000);
        assertThat(reader.isAlive()).isFalse();
    }

    @Test
    void aFailingTenantDoesNotStallAnother() throws Exception {
        loki.respondWith("down", 500);
        LokiClient client = client(TestClients.to(loki.url()));
        for (int i = 0; i < 10; i++) {
            client.accept(entry(i, "down-" + i, APP.with("__tenant_id__", "down")));
            client.accept(entry(i, "up-" + i, APP.with("__tenant_id__", "up")));
        }

        await().atMost(WAIT).until(() -> loki.entryCount() == 10);
        assertThat(loki.entries()).allSatisfy(e -> assertThat(e.tenant()).isEqualTo("up"));
        assertThat(metric("promtail_batch_retries_total", "host", host(), "tenant", "down")).isGreaterThan(0);

        loki.respondWith("down", 204);
        awaitAllCompletedOnce();
        assertThat(loki.entries(e -> e.tenant().equals("down"))).extracting(ReceivedEntry::line)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 10).mapToObj(i -> "down-" + i).toList());
    }

    @Test
    void fanOutAcknowledgesOnlyWhenEveryClientAnsweredAndADownClientStallsOnlyWhenItsBufferIsFull() throws Exception {
        try (LokiReceiver second = new LokiReceiver()) {
            second.respondWith(500);
            LokiClient up = client(TestClients.to(loki.url()));
            TestClients downConfig = TestClients.to(second.url()).batchSize(500);
            LokiClient down = client(downConfig.build(), LimitsConfig.defaults(), 2000);
            FanOut fanOut = new FanOut(List.of(up, down));
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        fanOut.accept(entry(i, String.format("%0100d", i), APP));
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            // the down client takes 20 entries (2000 bytes), so the up client gets 20 before the reader blocks
            await().atMost(WAIT).until(() -> loki.entryCount() >= 20);
            await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !reader.isDone());
            assertThat(loki.entryCount()).isBetween(20, 21);
            assertThat(fullyDone()).isZero(); // the up client completed its hold; the down client's is missing

            second.respondWith(204);
            reader.get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> fullyDone() == 40);
            synchronized (deliveries) {
                assertThat(deliveries).allSatisfy(d -> {
                    assertThat(d.holders()).isEqualTo(2);
                    assertThat(d.completions()).isEqualTo(2);
                });
            }
            assertThat(loki.entryCount()).isEqualTo(40);
            assertThat(second.entryCount()).isEqualTo(40);
        }
    }

    @Test
    void eachStreamArrivesInOrderAcrossManyBatchesAndRetries() throws Exception {
        loki.respondWith(500, 5);
        LokiClient client = client(TestClients.to(loki.url()).batchSize(2048));
        Labels[] streams = {APP.with("pod", "a"), APP.with("pod", "b"), APP.with("pod", "c")};
        for (int i = 0; i < 3000; i++) {
            client.accept(entry(i, "pod-line-" + i, streams[i % 3]));
        }

        awaitAllCompletedOnce();

        assertThat(loki.pushCount()).isGreaterThan(20);
        for (Labels stream : streams) {
            List<Long> timestamps = loki.entriesFor(stream.toMap()).stream().map(ReceivedEntry::timestampNanos).toList();
            assertThat(timestamps).hasSize(1000).isSorted();
        }
    }

    @Test
    void linesOverMaxLineSizeAreDroppedAndCounted() throws Exception {
        TestClients config = TestClients.to(loki.url());
        LokiClient client = client(config.build(), new LimitsConfig(10, false), 1 << 20);
        client.accept(entry(1, "short", APP));
        client.accept(entry(2, "much too long line", APP));

        awaitAllCompletedOnce();

        assertThat(loki.lines()).containsExactly("short");
        assertThat(metric("promtail_dropped_entries_total", "host", host(), "tenant", "", "reason", "line_too_long"))
                .isEqualTo(1);
        assertThat(metric("promtail_dropped_bytes_total", "host", host(), "tenant", "", "reason", "line_too_long"))
                .isEqualTo(18);
    }

    @Test
    void linesOverMaxLineSizeAreTruncatedWhenConfigured() throws Exception {
        TestClients config = TestClients.to(loki.url());
        LokiClient client = client(config.build(), new LimitsConfig(10, true), 1 << 20);
        client.accept(entry(1, "much too long line", APP));
        client.accept(entry(2, "12345678\u00e9\u00e9", APP)); // 12 bytes; cut before the second é

        awaitAllCompletedOnce();

        assertThat(loki.lines()).containsExactly("much too l", "12345678\u00e9");
        assertThat(metric("promtail_mutated_entries_total", "host", host(), "tenant", "", "reason", "line_too_long"))
                .isEqualTo(2);
        assertThat(metric("promtail_mutated_bytes_total", "host", host(), "tenant", "", "reason", "line_too_long"))
                .isEqualTo(8 + 2);
    }

    @Test
    void aNewStreamBeyondMaxStreamsInTheBatchIsDroppedAndCountedAsPromtailDoes() throws Exception {
        TestClients config = TestClients.to(loki.url()).batchWait(Duration.ofHours(1));
        LokiClient client = client(config.build(), new LimitsConfig(0, false, 2, 1000), 1 << 20);
        try (LogCapture log = LogCapture.start(java.util.logging.Level.INFO)) {
            client.accept(entry(1, "a1", APP.with("pod", "a")));
            client.accept(entry(2, "b1", APP.with("pod", "b")));
            client.accept(entry(3, "c1", APP.with("pod", "c")));
            client.accept(entry(4, "a2", APP.with("pod", "a")));
            client.accept(entry(5, "c2", APP.with("pod", "c")));

            assertThat(completed()).as("the refused entries are done at once, so positions move past them")
                    .isEqualTo(2);
            assertThat(client.close(WAIT)).isTrue();

            awaitAllCompletedOnce();
            assertThat(loki.lines()).containsExactlyInAnyOrder("a1", "a2", "b1");
            assertThat(metric("promtail_dropped_entries_total", "host", host(), "tenant", "", "reason",
                    "stream_limited")).isEqualTo(2);
            assertThat(metric("promtail_dropped_bytes_total", "host", host(), "tenant", "", "reason",
                    "stream_limited")).isEqualTo(4);
            assertThat(log.lines(java.util.logging.Level.SEVERE, "max_streams")).hasSize(1).first()
                    .extracting(LogCapture.Line::message).isEqualTo("client test: the batch being built holds"
                            + " max_streams (2) streams; dropping the entries of new stream {app=\"order\","
                            + " namespace=\"shop\", pod=\"c\"} until it is sent, counted in"
                            + " promtail_dropped_entries_total{reason=\"stream_limited\"}");
        }
    }

    @Test
    void tenantsOverTheCapAreDroppedAndCountedAndIdleTenantsCloseToLetNewOnesIn() throws Exception {
        ClientConfig config = TestClients.to(loki.url()).build();
        LokiClient client = new LokiClient(config, LimitsConfig.defaults(),
                new SenderLimits(0, 2, Duration.ofMillis(200)), NettyPushSender.create(config, group), metrics,
                Clock.systemUTC(), 1 << 20);
        clients.add(client);
        client.accept(entry(1, "a", APP.with("__tenant_id__", "a")));
        client.accept(entry(2, "b", APP.with("__tenant_id__", "b")));
        client.accept(entry(3, "c", APP.with("__tenant_id__", "c")));

        assertThat(client.status().tenants()).containsExactly("a", "b");
        assertThat(metric("sleipnir_client_tenants", "host", host())).isEqualTo(2);
        assertThat(metric("promtail_dropped_entries_total", "host", host(), "tenant", "", "reason",
                "tenant_limited")).isEqualTo(1);
        await().atMost(WAIT).until(() -> loki.entryCount() == 2);

        await().atMost(WAIT).until(() -> client.status().tenants().isEmpty());
        assertThat(metric("sleipnir_client_tenants", "host", host())).isZero();
        client.accept(entry(4, "c again", APP.with("__tenant_id__", "c")));

        awaitAllCompletedOnce();
        assertThat(loki.entries()).extracting(ReceivedEntry::tenant, ReceivedEntry::line)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", "a"),
                        org.assertj.core.groups.Tuple.tuple("b", "b"),
                        org.assertj.core.groups.Tuple.tuple("c", "c again"));
    }

    @Test
    void oneSendingThreadPerClientWhateverTheTenants() throws Exception {
        LokiClient client = client(TestClients.to(loki.url()));
        for (int i = 0; i < 50; i++) {
            client.accept(entry(i, "line " + i, APP.with("__tenant_id__", "t" + i)));
        }

        awaitAllCompletedOnce();
        // awaited: the threads of earlier tests' clients end shortly after their closeNow
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith("loki-test")).toList().equals(List.of("loki-test")));
        assertThat(loki.entries()).extracting(ReceivedEntry::tenant).hasSize(50).doesNotHaveDuplicates();
    }

    @Test
    void closeWhileLokiIsDownLeavesEntriesUnacknowledged() throws Exception {
        loki.respondWith(503);
        LokiClient client = client(TestClients.to(loki.url()));
        client.accept(entry(1, "a", APP));

        assertThat(client.close(Duration.ofMillis(300))).isFalse();

        assertThat(completed()).isZero();
        assertThatThrownBy(() -> client.accept(entry(2, "b", APP))).isInstanceOf(IllegalStateException.class);
    }

    private static String randomText(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) ('!' + random.nextInt(90)));
        }
        return b.toString();
    }
}
