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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;

/**
 * A fast Loki-compatible receiver for the end-to-end harness: it decompresses each push and counts its entries
 * (so the harness knows when everything arrived) without keeping them, and answers 204.
 */
final class NullLoki implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong compressedBytes = new AtomicLong();
    private volatile long firstPushNanos;

    NullLoki() throws InterruptedException {
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(128 << 20), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
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
