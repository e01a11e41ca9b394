package io.sleipnir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.metrics.AgentMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpServerTest {
    final AtomicBoolean ready = new AtomicBoolean();
    final AgentMetrics metrics = new AgentMetrics();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpServer server;

    @BeforeEach
    void start() throws InterruptedException {
        server = HttpServer.start("127.0.0.1", 0,
                List.of(StandardRoutes.ready(ready::get), StandardRoutes.metrics(metrics)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> call(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBusyPortIsReportedWithTheOperatingSystemsCause() {
        int busy = server.port();

        assertThatThrownBy(() -> HttpServer.start("127.0.0.1", busy, List.of()))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("cannot listen on 127.0.0.1:" + busy + ": address already in use");
    }

    @Test
    void rerouteServesTheNewTableOnTheSamePort() throws Exception {
        int port = server.port();

        server.reroute(List.of(Route.get("/other", r -> Response.text(200, "other\n"))), List.of());

        assertThat(server.port()).isEqualTo(port);
        assertThat(call("GET", "/other").body()).isEqualTo("other\n");
        assertThat(call("GET", "/ready").statusCode()).as("the old table is gone").isEqualTo(404);
    }

    @Test
    void aDeferredRouteIsAnsweredWhenItsWorkCompletesWhileOtherRequestsAreServed() throws Exception {
        java.util.concurrent.CompletableFuture<Response> work = new java.util.concurrent.CompletableFuture<>();
        server.reroute(List.of(StandardRoutes.ready(ready::get),
                Route.deferred("POST", "/slow", r -> work),
                Route.deferred("GET", "/broken", r -> java.util.concurrent.CompletableFuture.failedFuture(
                        new IllegalStateException("it broke")))), List.of());
        ready.set(true);

        var slow = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/slow"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(call("GET", "/ready").statusCode()).as("served while /slow waits").isEqualTo(200);
        assertThat(slow).isNotDone();
        work.complete(Response.text(201, "done\n"));

        assertThat(slow.get().statusCode()).isEqualTo(201);
        assertThat(slow.get().body()).isEqualTo("done\n");
        HttpResponse<String> broken = call("GET", "/broken");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).isEqualTo("500 internal server error: it broke\n");
    }

    @Test
    void bindsAnEphemeralPort() {
        assertThat(server.port()).isPositive();
    }

    @Test
    void readyFollowsTheSupplier() throws Exception {
        HttpResponse<String> notReady = call("GET", "/ready");
        assertThat(notReady.statusCode()).isEqualTo(500);
        assertThat(notReady.body()).isEqualTo(StandardRoutes.NOT_READY);

        ready.set(true);
        HttpResponse<String> isReady = call("GET", "/ready");
        assertThat(isReady.statusCode()).isEqualTo(200);
        assertThat(isReady.body()).isEqualTo("Ready");
    }

    @Test
    void metricsShowCountersAsExpositionText() throws Exception {
        metrics.readLines.labels("/x").inc(3);

        HttpResponse<String> response = call("GET", "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .contains("# TYPE promtail_read_lines_total counter\n")
                .contains("promtail_read_lines_total{path=\"/x\"} 3\n");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertThat(call("GET", "/targets").statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = call("DELETE", "/metrics");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void servesSeveralRequestsOnOneKeptAliveConnection() throws Exception {
        ready.set(true);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write("GET /ready HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nReady");
            }
        }
    }

    /** Reads one response: the head up to the blank line, then Content-Length bytes. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                int length = 0;
                for (String line : text.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring("content-length:".length()).trim());
                    }
                }
                return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }
    }
}
