package io.sleipnir.loki;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;

/**
 * Turns the HTTP answer to one push into a {@link PushResponse}: status, the first
 * {@link PushResponse#MAX_BODY_CHARS} bytes of the body, and {@code Retry-After}. One per pooled channel; all
 * methods run on the channel's event loop. A closed connection or an error before the answer completes the
 * push as a connection error.
 */
final class PushResponseHandler extends ChannelInboundHandlerAdapter {
    private final Clock clock;
    private final Duration timeout;
    private CompletableFuture<PushResponse> pending;
    private Runnable releaseToPool;
    private int status;
    private Duration retryAfter;
    private boolean keepAlive;
    private final byte[] body = new byte[PushResponse.MAX_BODY_CHARS];
    private int bodyLength;

    PushResponseHandler(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    void begin(CompletableFuture<PushResponse> result, Runnable release) {
        this.pending = result;
        this.releaseToPool = release;
        this.status = 0;
        this.retryAfter = null;
        this.keepAlive = true;
        this.bodyLength = 0;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (pending == null) {
                return; // an answer nobody waits for (after a timeout): ignore
            }
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
                keepAlive = HttpUtil.isKeepAlive(response);
                retryAfter = parseRetryAfter(response.headers().get(HttpHeaderNames.RETRY_AFTER), clock);
            }
            if (msg instanceof HttpContent content) {
                ByteBuf buf = content.content();
                int n = Math.min(buf.readableBytes(), body.length - bodyLength);
                buf.getBytes(buf.readerIndex(), body, bodyLength, n);
                bodyLength += n;
                if (msg instanceof LastHttpContent) {
                    finish(ctx.channel(), new PushResponse(status,
                            new String(body, 0, bodyLength, StandardCharsets.UTF_8), retryAfter), !keepAlive);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx.channel(), "connection closed before the answer");
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            fail(ctx.channel(), ConnectionFailures.describe(handshake.cause(), timeout));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx.channel(), ConnectionFailures.describe(cause, timeout));
    }

    /** Ends the pending push as a connection error and closes the connection (its state is unknown). */
    void fail(Channel channel, String reason) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> fail(channel, reason));
            return;
        }
        if (pending != null) {
            finish(channel, PushResponse.connectionError(reason), true);
        } else {
            channel.close();
        }
    }

    private void finish(Channel channel, PushResponse response, boolean close) {
        CompletableFuture<PushResponse> result = pending;
        Runnable release = releaseToPool;
        pending = null;
        releaseToPool = null;
        if (close) {
            channel.close();
        }
        release.run(); // a closed channel fails the pool's health check and is discarded
        result.complete(response);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
