package io.sleipnir.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.sleipnir.metrics.AgentMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoutingHandlerTest {
    final AtomicBoolean ready = new AtomicBoolean();
    final AgentMetrics metrics = new AgentMetrics();
    final AtomicReference<Request> seen = new AtomicReference<>();
    final EmbeddedChannel channel = new EmbeddedChannel(new RoutingHandler(List.of(
            StandardRoutes.ready(ready::get),
            StandardRoutes.metrics(metrics),
            Route.post("/echo", request -> {
                seen.set(request);
                return Response.text(200, request.bodyText());
            }),
            Route.get("/boom", request -> {
                throw new IllegalStateException("kaput");
            }))));

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    record Answer(int status, String contentType, String body, String allow, String connection) {
    }

    Answer send(FullHttpRequest request) {
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
                    .isEqualTo(response.content().readableBytes());
            return new Answer(response.status().code(), response.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    response.content().toString(StandardCharsets.UTF_8), response.headers().get("Allow"),
                    response.headers().get(HttpHeaderNames.CONNECTION));
        } finally {
            response.release();
        }
    }

    static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    @Test
    void readyAnswersReadyWhileTheSupplierSaysSo() {
        ready.set(true);
        assertThat(send(get("/ready"))).isEqualTo(new Answer(200, Response.TEXT_PLAIN, "Ready", null, null));
    }

    @Test
    void readyAnswers500WithPromtailsTextOtherwise() {
        Answer answer = send(get("/ready"));
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo(
                "Not ready: Unable to find any logs to tail. Please verify permissions, volumes, scrape_config, etc.");
    }

    @Test
    void metricsServesTheExpositionText() {
        metrics.readLines.labels("/x").inc(3);

        Answer answer = send(get("/metrics?debug=1"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(answer.body()).contains("promtail_read_lines_total{path=\"/x\"} 3\n");
    }

    @Test
    void unknownPathIs404() {
        assertThat(send(get("/nope")).status()).isEqualTo(404);
        assertThat(send(get("/")).status()).isEqualTo(404);
    }

    @Test
    void wrongMethodIs405AndNamesTheAllowedOnes() {
        Answer answer = send(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/ready"));
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.allow()).isEqualTo("GET");
    }

    @Test
    void handlersSeeMethodPathQueryHeadersAndBody() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/echo?a=1&a=2&b=x",
                Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8));
        request.headers().set("X-Scope-OrgID", "tenant-a");

        assertThat(send(request).body()).isEqualTo("hello");

        Request seenRequest = seen.get();
        assertThat(seenRequest.method()).isEqualTo("POST");
        assertThat(seenRequest.path()).isEqualTo("/echo");
        assertThat(seenRequest.query().get("a")).containsExactly("1", "2");
        assertThat(seenRequest.queryParam("b")).isEqualTo("x");
        assertThat(seenRequest.headers()).containsEntry("x-scope-orgid", "tenant-a");
    }

    @Test
    void aFailingHandlerIs500AndTheConnectionStaysUsable() {
        assertThat(send(get("/boom"))).satisfies(a -> {
            assertThat(a.status()).isEqualTo(500);
            assertThat(a.body()).contains("kaput");
        });
        ready.set(true);
        assertThat(send(get("/ready")).status()).isEqualTo(200);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void connectionCloseIsHonoured() {
        FullHttpRequest request = get("/ready");
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);

        assertThat(send(request).connection()).isEqualTo("close");
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void http10KeepAliveIsAnsweredInKind() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/ready");
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);

        assertThat(send(request).connection()).isEqualTo("keep-alive");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void twoRoutesForTheSameMethodAndPathAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RoutingHandler(List.of(
                        StandardRoutes.ready(() -> true), StandardRoutes.ready(() -> false))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two routes for GET /ready");
    }
}
