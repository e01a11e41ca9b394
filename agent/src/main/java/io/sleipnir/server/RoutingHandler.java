package io.sleipnir.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers aggregated HTTP requests from an explicit route table: exact path, then method. Unknown path: 404 (Go's
 * {@code http.NotFound} text); known path, other method: 405 with {@code Allow}; a handler that throws: 500.
 * Keep-alive follows the request (HTTP/1.1 default on, {@code Connection: close} honoured).
 */
@ChannelHandler.Sharable
final class RoutingHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final System.Logger LOG = System.getLogger(RoutingHandler.class.getName());

    /** The route table; replaced whole by {@link #replace} (a config reload), read once per request. */
    private volatile Table table;

    /** Routes by path, then method; WebSocket routes by path. */
    private record Table(Map<String, Map<String, Route>> routesByPath, Map<String, WebSocketRoute> webSockets) {
        static Table of(List<Route> routes, List<WebSocketRoute> webSocketRoutes) {
            Map<String, WebSocketRoute> webSockets = new HashMap<>();
            for (WebSocketRoute route : webSocketRoutes) {
                if (webSockets.put(route.path(), route) != null) {
                    throw new IllegalArgumentException("two WebSocket routes for " + route.path());
                }
            }
            Map<String, Map<String, Route>> byPath = new HashMap<>();
            for (Route route : routes) {
                Route previous = byPath.computeIfAbsent(route.path(), p -> new LinkedHashMap<>())
                        .put(route.method(), route);
                if (previous != null) {
                    throw new IllegalArgumentException("two routes for " + route.method() + " " + route.path());
                }
            }
            byPath.replaceAll((path, methods) -> Map.copyOf(methods));
            return new Table(Map.copyOf(byPath), Map.copyOf(webSockets));
        }
    }

    RoutingHandler(List<Route> routes) {
        this(routes, List.of());
    }

    RoutingHandler(List<Route> routes, List<WebSocketRoute> webSocketRoutes) {
        this.table = Table.of(routes, webSocketRoutes);
    }

    /** Serves {@code routes} from the next request on; requests being answered finish with the old ones. */
    void replace(List<Route> routes, List<WebSocketRoute> webSocketRoutes) {
        this.table = Table.of(routes, webSocketRoutes);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            write(ctx, request, Response.text(400, "400 bad request\n"), false);
            return;
        }
        Table routes = table;
        WebSocketRoute webSocket = routes.webSockets().get(new QueryStringDecoder(request.uri()).path());
        if (webSocket != null) {
            upgrade(ctx, request, webSocket);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Route.Deferred deferred = deferred(routes, request);
        if (deferred == null) {
            write(ctx, request, route(routes, request), keepAlive);
            return;
        }
        // Answered when its work is done, on this connection's event loop; the loop serves others meanwhile.
        request.retain();
        CompletionStage<Response> answer;
        try {
            answer = deferred.start(toRequest(request, new QueryStringDecoder(request.uri())));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, failure) -> ctx.executor().execute(() -> {
            try {
                write(ctx, request, failure == null ? response
                        : Response.text(500, "500 internal server error: " + failure.getMessage() + "\n"), keepAlive);
            } finally {
                request.release();
            }
        }));
    }

    /** The deferred handler the request's path and method lead to, or null for an ordinary one (or none). */
    private static Route.Deferred deferred(Table routes, FullHttpRequest request) {
        Map<String, Route> methods = routes.routesByPath().get(new QueryStringDecoder(request.uri()).path());
        Route route = methods == null ? null : methods.get(request.method().name());
        return route != null && route.handler() instanceof Route.Deferred d ? d : null;
    }

    /** A WebSocket route: the opener refuses (an HTTP answer) or accepts, and then the handshake is made. */
    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, WebSocketRoute route) {
        if (!request.method().name().equals("GET")) {
            write(ctx, request, Response.text(405, "405 method not allowed\n").withHeader("Allow", "GET"), false);
            return;
        }
        if (!"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            write(ctx, request, Response.text(400, "400 bad request: " + route.path() + " is a WebSocket endpoint"
                    + " (for example: sleipnir -tail=QUERY -tail.addr=HOST:PORT)\n"), false);
            return;
        }
        WebSocketRoute.Upgrade upgrade;
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        try {
            upgrade = route.opener().open(toRequest(request, uri));
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "WebSocket opener for " + route.path() + " failed", e);
            write(ctx, request, Response.text(500, "500 internal server error: " + e.getMessage() + "\n"), false);
            return;
        }
        if (upgrade.refusal() != null) {
            write(ctx, request, upgrade.refusal(), false);
            return;
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get(HttpHeaderNames.HOST) + route.path(), null, false, 1 << 16)
                .newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        WebSocketFrames frames = new WebSocketFrames(handshaker, ctx.channel());
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (done.isSuccess()) {
                ctx.pipeline().addLast("websocket", frames);
                upgrade.onOpen().accept(frames);
            } else {
                ctx.close();
            }
        });
    }

    private static Response route(Table routes, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Map<String, Route> methods = routes.routesByPath().get(uri.path());
        if (methods == null) {
            return Response.text(404, "404 page not found\n");
        }
        Route route = methods.get(request.method().name());
        if (route == null) {
            return Response.text(405, "405 method not allowed\n")
                    .withHeader("Allow", String.join(", ", new TreeSet<>(methods.keySet())));
        }
        try {
            return route.handler().handle(toRequest(request, uri));
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "handler for " + route.method() + " " + route.path() + " failed", e);
            return Response.text(500, "500 internal server error: " + e.getMessage() + "\n");
        }
    }

    private static Request toRequest(FullHttpRequest request, QueryStringDecoder uri) {
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        return new Request(request.method().name(), uri.path(), uri.parameters(), headers,
                ByteBufUtil.getBytes(request.content()));
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, Response response, boolean keepAlive) {
        FullHttpResponse out = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        response.headers().forEach((name, value) -> out.headers().set(name, value));
        HttpUtil.setContentLength(out, response.body().length);
        HttpUtil.setKeepAlive(out, keepAlive);
        var written = ctx.writeAndFlush(out);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "closing HTTP connection after an error", cause);
        ctx.close();
    }
}
