package io.sleipnir.source.push;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The push server's routes, on its HTTP loop (never blocking): {@code POST /loki/api/v1/push},
 * {@code POST /promtail/api/v1/raw} (also as {@code /loki/api/v1/raw}), {@code GET /ready}. A request that does
 * not fit the budget is answered 429 with {@code Retry-After} here; the rest is answered by the source's worker
 * through an {@link Answer}, once acknowledged. A body over {@code max_body_size} gets 413 from the aggregator.
 */
@ChannelHandler.Sharable
final class PushHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String PUSH_PATH = "/loki/api/v1/push";
    static final String RAW_PATH = "/promtail/api/v1/raw";
    static final String RAW_ALIAS = "/loki/api/v1/raw";
    /** Seconds a refused pusher is told to wait; entries are acknowledged within about a batchwait when Loki is up. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final PushApiSource source;

    PushHttpHandler(PushApiSource source) {
        this.source = source;
    }

    /** Answers one request, once, from any thread. */
    interface Answer {
        void send(int status, String message);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpVersion version = request.protocolVersion();
        Channel channel = ctx.channel();
        Answer answer = (status, message) -> {
            try {
                channel.eventLoop().execute(() -> write(channel, version, keepAlive, status, message, null));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the server has stopped: the pusher sees the connection end and retries
            }
        };
        if (!request.decoderResult().isSuccess()) {
            source.answeredEarly(400);
            write(channel, version, false, 400, "bad request", null);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean push = path.equals(PUSH_PATH);
        boolean raw = path.equals(RAW_PATH) || path.equals(RAW_ALIAS);
        if (path.equals("/ready")) {
            if (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD)) {
                write(channel, version, keepAlive, 200, "ready", null);
            } else {
                write(channel, version, keepAlive, 405, "method not allowed", "GET");
            }
            return;
        }
        if (!push && !raw) {
            write(channel, version, keepAlive, 404, "404 page not found", null);
            return;
        }
        if (!request.method().equals(HttpMethod.POST)) {
            write(channel, version, keepAlive, 405, "method not allowed", "POST");
            return;
        }
        IncomingPush incoming = new IncomingPush(ByteBufUtil.getBytes(request.content()),
                request.headers().get(HttpHeaderNames.CONTENT_TYPE),
                request.headers().get(HttpHeaderNames.CONTENT_ENCODING), raw);
        if (!source.admit(incoming, answer)) {
            source.answeredEarly(429);
            FullHttpResponse out = response(version, 429,
                    "too many bytes held for this push API (max_held_bytes); retry later");
            out.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
            send(channel, out, keepAlive);
        }
    }

    private static void write(Channel channel, HttpVersion version, boolean keepAlive, int status, String message,
            String allow) {
        FullHttpResponse out = response(version, status, message);
        if (allow != null) {
            out.headers().set(HttpHeaderNames.ALLOW, allow);
        }
        if (status == 429 || status == 503) {
            out.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        send(channel, out, keepAlive);
    }

    private static FullHttpResponse response(HttpVersion version, int status, String message) {
        byte[] body = status == 204 || message.isEmpty() ? new byte[0]
                : (message + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse out = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        if (body.length > 0) {
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        }
        HttpUtil.setContentLength(out, body.length);
        return out;
    }

    private static void send(Channel channel, FullHttpResponse out, boolean keepAlive) {
        HttpUtil.setKeepAlive(out, keepAlive);
        var written = channel.writeAndFlush(out);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
