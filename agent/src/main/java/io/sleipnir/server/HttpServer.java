package io.sleipnir.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's HTTP/1.1 server ({@code /ready}, {@code /metrics}, and whatever routes later features register).
 * It owns its event loops: one thread accepts, one serves; the endpoints are light, and a dedicated loop keeps
 * them answering while the Loki client's loops are busy.
 */
public final class HttpServer implements AutoCloseable {
    /** Larger request bodies are refused with 413 by the aggregator. */
    public static final int MAX_REQUEST_BYTES = 4 << 20;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final RoutingHandler router;

    private HttpServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel, RoutingHandler router) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.router = router;
    }

    /**
     * Binds {@code address:port} (port 0 picks a free port, see {@link #port()}) and serves {@code routes}.
     *
     * @throws IllegalArgumentException when two routes share a method and path
     * @throws java.io.UncheckedIOException  when the address cannot be bound
     */
    public static HttpServer start(String address, int port, List<Route> routes) throws InterruptedException {
        return start(address, port, routes, List.of());
    }

    /** {@link #start(String, int, List)} with WebSocket endpoints too. */
    public static HttpServer start(String address, int port, List<Route> routes, List<WebSocketRoute> webSockets)
            throws InterruptedException {
        RoutingHandler router = new RoutingHandler(routes, webSockets);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sleipnir-http-accept"),
                NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sleipnir-http"),
                NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast("codec", new HttpServerCodec())
                                    .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast("router", router);
                        }
                    })
                    .bind(address, port)
                    .sync()
                    .channel();
            return new HttpServer(boss, workers, channel, router);
        } catch (InterruptedException e) {
            shutdown(boss, workers);
            throw e;
        } catch (Exception e) {
            shutdown(boss, workers);
            throw new java.io.UncheckedIOException("cannot listen on " + address + ":" + port + ": " + cause(e),
                    e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
    }

    /**
     * The operating system's words for a bind failure ({@code address already in use}, {@code cannot assign
     * requested address}, {@code permission denied}): the first message down the cause chain, without Java names.
     */
    static String cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                // Netty's native transport prefixes the call: "bind(..) failed: Address already in use".
                int colon = m.lastIndexOf(": ");
                String plain = colon >= 0 && colon + 2 < m.length() ? m.substring(colon + 2) : m.strip();
                return Character.toLowerCase(plain.charAt(0)) + plain.substring(1);
            }
        }
        return "unknown error";
    }

    /**
     * Serves {@code routes} and {@code webSockets} instead, from the next request on, on the same socket (a config
     * reload); open connections and WebSocket sessions are kept.
     *
     * @throws IllegalArgumentException when two routes share a method and path
     */
    public void reroute(List<Route> routes, List<WebSocketRoute> webSockets) {
        router.replace(routes, webSockets);
    }

    /** The bound port (the real one when started with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops accepting, closes connections and stops the event loops; waits up to a few seconds. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        shutdown(boss, workers);
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup workers) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
