package io.sleipnir.bench;

import com.google.protobuf.CodedInputStream;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.sleipnir.loki.Batch;
import io.sleipnir.loki.PushEncoder;
import io.sleipnir.loki.PushRequestBody;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;

/**
 * A fast Loki-compatible receiver for the end-to-end harness: it decompresses each push and counts its entries
 * (so the harness knows when everything arrived) without keeping them, and answers 204. It is warmed before it is
 * handed out ({@link #warmUp}), so that the time of the agent's first push is the agent's, not this receiver's first
 * request (loading its HTTP codec and decoding cold took about 0.1 s of the 0.55 s measured before).
 */
final class NullLoki implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong compressedBytes = new AtomicLong();
    private volatile long firstPushNanos;
    private static final int WARM_UP_PUSHES = 50;

    NullLoki() throws InterruptedException {
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(128 << 20), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        warmUp();
    }

    /**
     * Sends this receiver {@link #WARM_UP_PUSHES} pushes of a thousand entries over HTTP/1.1 and forgets them: its
     * codec, aggregator, snappy and counting code are loaded and compiled before an agent's first push is timed.
     */
    private void warmUp() {
        Batch batch = new Batch("", Instant.EPOCH);
        Labels labels = Labels.of("job", "warm-up");
        for (int i = 0; i < 1_000; i++) {
            LogEntry entry = LogEntry.of(1_700_000_000_000_000_000L + i, "warm-up line " + i + " " + "x".repeat(150),
                    labels, Delivery.NONE);
            batch.add(labels, entry, entry.sizeBytes());
        }
        PushRequestBody body = new PushEncoder().encode(batch);
        byte[] bytes = java.util.Arrays.copyOf(body.bytes(), body.length());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            for (int i = 0; i < WARM_UP_PUSHES; i++) {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url()))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 204) {
                    throw new IllegalStateException("the null Loki answered its warm-up push " + response.statusCode());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the null Loki's warm-up push failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming the null Loki up", e);
        }
        if (entries.get() != 1_000L * WARM_UP_PUSHES) {
            throw new IllegalStateException("the null Loki counted " + entries.get() + " warm-up entries");
        }
        reset();
    }

    String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort() + "/loki/api/v1/push";
    }

    long entries() {
        return entries.get();
    }

    long pushes() {
        return pushes.get();
    }

    long compressedBytes() {
        return compressedBytes.get();
    }

    long firstPushNanos() {
        return firstPushNanos;
    }

    /** Forgets what arrived, for a second agent measured against the same receiver. */
    void reset() {
        entries.set(0);
        pushes.set(0);
        compressedBytes.set(0);
        firstPushNanos = 0;
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
            byte[] body = ByteBufUtil.getBytes(req.content());
            if (firstPushNanos == 0) {
                firstPushNanos = System.nanoTime();
            }
            compressedBytes.addAndGet(body.length);
            long n = countEntries(Snappy.uncompress(body));
            pushes.incrementAndGet();
            entries.addAndGet(n);
            var resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            HttpUtil.setContentLength(resp, 0);
            HttpUtil.setKeepAlive(resp, HttpUtil.isKeepAlive(req));
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpUtil.isKeepAlive(req) ? "keep-alive" : "close");
            ctx.writeAndFlush(resp);
        }
    }

    /** Counts EntryAdapter messages (field 2 of each StreamAdapter, field 1 of PushRequest). */
    static long countEntries(byte[] pushRequest) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(pushRequest);
        long count = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == ((1 << 3) | 2)) {
                int len = in.readRawVarint32();
                int limit = in.pushLimit(len);
                int inner;
                while ((inner = in.readTag()) != 0) {
                    if (inner == ((2 << 3) | 2)) {
                        count++;
                    }
                    in.skipField(inner);
                }
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        return count;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
