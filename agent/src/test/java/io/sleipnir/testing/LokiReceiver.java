package io.sleipnir.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.xerial.snappy.Snappy;

/**
 * A Loki-compatible push receiver for tests: a Netty HTTP server on 127.0.0.1 (random port) serving
 * {@code POST /loki/api/v1/push}. It decodes pushes as Loki does (snappy block + protobuf, labels text with Go
 * unescaping), records each stored entry in arrival order, and answers 204 unless told otherwise. Entries are
 * stored only when the answer is 2xx. All commands and accessors are thread-safe and may be called at any time.
 * Built with an {@link SslContext} it serves HTTPS instead (a client certificate is required when that context
 * says so); a failed handshake closes the connection and records nothing.
 */
public final class LokiReceiver implements AutoCloseable {
    public static final String PUSH_PATH = "/loki/api/v1/push";
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel serverChannel;
    private final int port;
    private final boolean tls;

    private final Object lock = new Object();
    private final List<ReceivedEntry> entries = new ArrayList<>();
    private final List<ReceivedRequest> requests = new ArrayList<>();
    private final Map<String, Map<String, String>> parsedLabels = new ConcurrentHashMap<>();
    private final AtomicInteger pushes = new AtomicInteger();
    /** Accepted connections, closed with the receiver so a stopped Loki does not keep a client's socket open. */
    private final io.netty.channel.group.ChannelGroup connections = new io.netty.channel.group.DefaultChannelGroup(
            io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger peakConnections = new AtomicInteger();

    // commands, guarded by lock
    private int defaultStatus = 204;
    private int scriptedStatus;
    private int scriptedTimes;
    private long delayNanos;
    private int disconnects;
    private int maxBodyBytes;
    private final Map<String, Integer> tenantStatus = new HashMap<>();
    private Runnable pushHook;

    public LokiReceiver() {
        this(null);
    }

    /** A receiver that serves HTTPS with {@code serverTls} (a server context), or plain HTTP when it is null. */
    public LokiReceiver(SslContext serverTls) {
        this(serverTls, 0);
    }

    /**
     * A plain HTTP receiver on {@code port} of 127.0.0.1: a stopped receiver ({@link #close}) comes back on the same
     * port this way, so a client sees connection refused and then Loki's return.
     */
    public static LokiReceiver onPort(int port) {
        return new LokiReceiver(null, port);
    }

    private LokiReceiver(SslContext serverTls, int bindPort) {
        this.tls = serverTls != null;
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            peakConnections.accumulateAndGet(openConnections.incrementAndGet(), Math::max);
                            ch.closeFuture().addListener(f -> openConnections.decrementAndGet());
                            if (serverTls != null) {
                                ch.pipeline().addLast("tls", serverTls.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY),
                                    new PushHandler());
                        }
                    });
            serverChannel = b.option(io.netty.channel.ChannelOption.SO_REUSEADDR, true)
                    .bind("127.0.0.1", bindPort).sync().channel();
            port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully();
            throw new IllegalStateException("interrupted while starting the receiver", e);
        }
    }

    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port + PUSH_PATH;
    }

    public int port() {
        return port;
    }

    /** The most client connections that were open at once. */
    public int peakConnections() {
        return peakConnections.get();
    }

    /** Every following push is answered with {@code status} (204 restores normal behaviour). */
    public void respondWith(int status) {
        synchronized (lock) {
            defaultStatus = status;
            scriptedTimes = 0;
        }
    }

    /** The next {@code times} pushes are answered with {@code status}, then 204 again. */
    public void respondWith(int status, int times) {
        synchronized (lock) {
            defaultStatus = 204;
            scriptedStatus = status;
            scriptedTimes = times;
        }
    }

    /**
     * Every following push of {@code tenant} (its X-Scope-OrgID; "" for none) is answered with {@code status},
     * ahead of other commands; 204 restores normal behaviour for that tenant.
     */
    public void respondWith(String tenant, int status) {
        synchronized (lock) {
            if (status == 204) {
                tenantStatus.remove(tenant);
            } else {
                tenantStatus.put(tenant, status);
            }
        }
    }

    /** Runs {@code hook} as each push arrives, before it is stored or answered (null: none). */
    public void onPush(Runnable hook) {
        synchronized (lock) {
            pushHook = hook;
        }
    }

    /** Delays every following answer by {@code delay} (zero: answer at once). */
    public void slow(Duration delay) {
        synchronized (lock) {
            delayNanos = delay.toNanos();
        }
    }

    /** The next {@code n} pushes have their connection closed without an answer (nothing stored). */
    public void disconnectNext(int n) {
        synchronized (lock) {
            disconnects = n;
        }
    }

    /** Answers 413 to bodies (compressed, as sent) larger than {@code bytes}; 0 turns the limit off. */
    public void maxBodyBytes(int bytes) {
        synchronized (lock) {
            maxBodyBytes = bytes;
        }
    }

    /** Stored entries in arrival order (a copy). */
    public List<ReceivedEntry> entries() {
        synchronized (lock) {
            return new ArrayList<>(entries);
        }
    }

    public List<ReceivedEntry> entries(Predicate<ReceivedEntry> filter) {
        synchronized (lock) {
            return entries.stream().filter(filter).toList();
        }
    }

    /** Stored entries whose labels include every pair of {@code labels}. */
    public List<ReceivedEntry> entriesFor(Map<String, String> labels) {
        return entries(e -> e.labels().entrySet().containsAll(labels.entrySet()));
    }

    /** Stored lines in arrival order. */
    public List<String> lines() {
        synchronized (lock) {
            return entries.stream().map(ReceivedEntry::line).toList();
        }
    }

    public int entryCount() {
        synchronized (lock) {
            return entries.size();
        }
    }

    /** Push requests received, whatever the answer. */
    public int pushCount() {
        return pushes.get();
    }

    /** Every request in arrival order, with headers and the status answered. */
    public List<ReceivedRequest> requests() {
        synchronized (lock) {
            return new ArrayList<>(requests);
        }
    }

    /** Forgets stored entries and requests (commands stay). */
    public void clear() {
        synchronized (lock) {
            entries.clear();
            requests.clear();
            pushes.set(0);
        }
    }

    /** Stops listening (a client then gets connection refused); closing again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private record Answer(int status, String body, List<ReceivedEntry> toStore, long delayNanos, boolean disconnect) {
    }

    private final class PushHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            byte[] body = ByteBufUtil.getBytes(request.content());
            // The query is not part of the route (a token may travel there, as with some gateways).
            String path = request.uri().contains("?") ? request.uri().substring(0, request.uri().indexOf('?'))
                    : request.uri();
            boolean isPush = request.method().equals(HttpMethod.POST) && path.equals(PUSH_PATH);
            Answer answer = isPush ? handlePush(headers, body) : new Answer(404, "404 page not found\n", List.of(), 0, false);
            synchronized (lock) {
                requests.add(new ReceivedRequest(request.method().name(), request.uri(), Collections.unmodifiableMap(headers),
                        body.length, answer.disconnect() ? -1 : answer.status()));
                if (answer.status() / 100 == 2 && !answer.disconnect()) {
                    entries.addAll(answer.toStore());
                }
            }
            if (answer.disconnect()) {
                ctx.close();
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            Runnable respond = () -> {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(answer.status()),
                        Unpooled.copiedBuffer(answer.body(), StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
                HttpUtil.setContentLength(response, response.content().readableBytes());
                HttpUtil.setKeepAlive(response, keepAlive);
                var f = ctx.writeAndFlush(response);
                if (!keepAlive) {
                    f.addListener(x -> ctx.close());
                }
            };
            if (answer.delayNanos() > 0) {
                ctx.executor().schedule(respond, answer.delayNanos(), TimeUnit.NANOSECONDS);
            } else {
                respond.run();
            }
        }

        private Answer handlePush(Map<String, String> headers, byte[] body) {
            Runnable hook;
            synchronized (lock) {
                hook = pushHook;
            }
            if (hook != null) {
                hook.run();
            }
            pushes.incrementAndGet();
            int status;
            long delay;
            synchronized (lock) {
                if (disconnects > 0) {
                    disconnects--;
                    return new Answer(0, "", List.of(), 0, true);
                }
                delay = delayNanos;
                if (maxBodyBytes > 0 && body.length > maxBodyBytes) {
                    return new Answer(413, "request body too large: " + body.length + " bytes\n", List.of(), delay, false);
                }
                Integer forTenant = tenantStatus.get(headers.getOrDefault("x-scope-orgid", ""));
                if (forTenant != null) {
                    status = forTenant;
                } else if (scriptedTimes > 0) {
                    scriptedTimes--;
                    status = scriptedStatus;
                } else {
                    status = defaultStatus;
                }
            }
            String contentType = headers.get("content-type");
            if (contentType != null && !contentType.startsWith("application/x-protobuf")) {
                return new Answer(415, "unsupported content type " + contentType + "\n", List.of(), delay, false);
            }
            List<ReceivedEntry> decoded = new ArrayList<>();
            try {
                byte[] raw;
                try {
                    raw = Snappy.uncompress(body);
                } catch (IOException | RuntimeException e) {
                    return new Answer(400, "snappy: corrupt input\n", List.of(), delay, false);
                }
                List<PushRequestDecoder.DecodedStream> streams = PushRequestDecoder.decode(raw);
                if (streams.isEmpty()) {
                    return new Answer(422, "no streams in push request\n", List.of(), delay, false);
                }
                String tenant = headers.getOrDefault("x-scope-orgid", "");
                for (PushRequestDecoder.DecodedStream stream : streams) {
                    Map<String, String> labels = parsedLabels.computeIfAbsent(stream.labels(),
                            t -> Collections.unmodifiableMap(new HashMap<>(PushRequestDecoder.parseLabels(t))));
                    if (labels.isEmpty()) {
                        return new Answer(400, "error at least one label pair is required per stream\n", List.of(), delay,
                                false);
                    }
                    for (PushRequestDecoder.DecodedEntry e : stream.entries()) {
                        decoded.add(new ReceivedEntry(tenant, labels, e.timestampNanos(), e.line(), e.structuredMetadata()));
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                return new Answer(400, "parse error: " + e.getMessage() + "\n", List.of(), delay, false);
            }
            String text = status / 100 == 2 ? "" : HttpResponseStatus.valueOf(status).reasonPhrase() + "\n";
            return new Answer(status, text, decoded, delay, false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
