package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PushResponseHandlerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

    private static FullHttpResponse response(int status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    @Test
    void reportsStatusBodyCappedAt1024BytesAndRetryAfterSeconds() {
        PushResponseHandler handler = new PushResponseHandler(CLOCK, java.time.Duration.ofSeconds(10));
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        CompletableFuture<PushResponse> result = new CompletableFuture<>();
        AtomicInteger released = new AtomicInteger();
        handler.begin(result, released::incrementAndGet);
        FullHttpResponse r = response(429, "x".repeat(5000));
        r.headers().set(HttpHeaderNames.RETRY_AFTER, "30");

        channel.writeInbound(r);

        PushResponse got = result.join();
        assertThat(got.status()).isEqualTo(429);
        assertThat(got.body()).hasSize(1024);
        assertThat(got.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(released).hasValue(1);
        assertThat(r.refCnt()).isZero();
        assertThat(channel.isOpen()).isTrue(); // keep-alive: reused
        channel.finishAndReleaseAll();
    }

    @Test
    void connectionClosedBeforeTheAnswerIsAConnectionError() {
        PushResponseHandler handler = new PushResponseHandler(CLOCK, java.time.Duration.ofSeconds(10));
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        CompletableFuture<PushResponse> result = new CompletableFuture<>();
        handler.begin(result, () -> { });

        channel.close();

        assertThat(result.join().isConnectionError()).isTrue();
    }

    @Test
    void connectionCloseAnswerClosesTheChannel() {
        PushResponseHandler handler = new PushResponseHandler(CLOCK, java.time.Duration.ofSeconds(10));
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        CompletableFuture<PushResponse> result = new CompletableFuture<>();
        handler.begin(result, () -> { });
        FullHttpResponse r = response(204, "");
        r.headers().set(HttpHeaderNames.CONNECTION, "close");

        channel.writeInbound(r);

        assertThat(result.join().status()).isEqualTo(204);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void parsesRetryAfterAsSecondsOrHttpDate() {
        assertThat(PushResponseHandler.parseRetryAfter("120", CLOCK)).isEqualTo(Duration.ofSeconds(120));
        assertThat(PushResponseHandler.parseRetryAfter("Wed, 01 May 2024 10:01:30 GMT", CLOCK))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(PushResponseHandler.parseRetryAfter("Wed, 01 May 2024 09:00:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
        assertThat(PushResponseHandler.parseRetryAfter("soon", CLOCK)).isNull();
        assertThat(PushResponseHandler.parseRetryAfter(null, CLOCK)).isNull();
    }
}
