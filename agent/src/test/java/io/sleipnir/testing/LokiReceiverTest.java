package io.sleipnir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.loki.Batch;
import io.sleipnir.loki.PushEncoder;
import io.sleipnir.loki.PushRequestBody;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class LokiReceiverTest {
    private final LokiReceiver loki = new LokiReceiver();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        loki.close();
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(loki.url()))
                .header("Content-Type", "application/x-protobuf").header("X-Scope-OrgID", "t")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] push(Labels labels, int entries) {
        Batch batch = new Batch("t", Instant.EPOCH);
        for (int i = 0; i < entries; i++) {
            LogEntry e = LogEntry.of(i, "line " + i, labels, Delivery.NONE);
            batch.add(labels, e, e.sizeBytes());
        }
        PushRequestBody body = new PushEncoder().encode(batch);
        return Arrays.copyOf(body.bytes(), body.length());
    }

    @Test
    void storesDecodedEntriesAndAnswers204() throws Exception {
        HttpResponse<String> r = post(push(Labels.of("app", "x"), 2));

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(loki.entries()).containsExactly(
                new ReceivedEntry("t", Map.of("app", "x"), 0, "line 0", Map.of()),
                new ReceivedEntry("t", Map.of("app", "x"), 1, "line 1", Map.of()));
    }

    @Test
    void answersLikeLokiToBadBodiesMissingLabelsAndNoStreams() throws Exception {
        HttpResponse<String> corrupt = post("not snappy".getBytes());
        assertThat(corrupt.statusCode()).isEqualTo(400);
        assertThat(corrupt.body()).contains("snappy: corrupt input");

        assertThat(post(push(Labels.empty(), 1)).statusCode()).isEqualTo(400);
        assertThat(post(Snappy.compress(new byte[0])).statusCode()).isEqualTo(422);
        assertThat(loki.entries()).isEmpty();
    }

    @Test
    void nonSuccessAnswersStoreNothing() throws Exception {
        loki.respondWith(500, 1);
        assertThat(post(push(Labels.of("a", "b"), 3)).statusCode()).isEqualTo(500);
        assertThat(loki.entries()).isEmpty();

        assertThat(post(push(Labels.of("a", "b"), 3)).statusCode()).isEqualTo(204);
        assertThat(loki.entryCount()).isEqualTo(3);
        assertThat(loki.pushCount()).isEqualTo(2);
        assertThat(loki.requests()).extracting(ReceivedRequest::status).containsExactly(500, 204);
    }

    @Test
    void handlesLargePushesOfManyEntries() throws Exception {
        byte[] body = push(Labels.of("app", "big"), 200_000);

        assertThat(post(body).statusCode()).isEqualTo(204);

        assertThat(loki.entryCount()).isEqualTo(200_000);
        assertThat(loki.entries().get(199_999).line()).isEqualTo("line 199999");
    }

    @Test
    void parsesLabelsWithGoEscapes() {
        assertThat(PushRequestDecoder.parseLabels("{a=\"x\\\\y\", b=\"q\\\"\\n\\t\\r\"}"))
                .containsExactly(Map.entry("a", "x\\y"), Map.entry("b", "q\"\n\t\r"));
        assertThat(PushRequestDecoder.parseLabels("{}")).isEmpty();
        assertThatThrownBy(() -> PushRequestDecoder.parseLabels("{a=b}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PushRequestDecoder.parseLabels("{1a=\"b\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
