package io.sleipnir.source.docker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * One HTTP/1.1 GET over a unix socket, read with blocking I/O on the caller's thread: Netty's HTTP codec (driven
 * through an {@link EmbeddedChannel}, no event loop) writes the request and parses the answer, chunked or not, and
 * the body is read as an {@link InputStream} as the caller consumes it. Blocking reads are what give back-pressure:
 * while the caller waits on the pipeline nothing is read, the socket's buffer fills and the daemon waits. At most
 * one socket read (64 KiB) is held beyond what the caller took. {@link #close()} from another thread ends a blocked
 * read.
 */
final class UnixHttpExchange implements AutoCloseable {
    private static final int READ_SIZE = 64 * 1024;

    private final SocketChannel socket;
    private final EmbeddedChannel codec = new EmbeddedChannel(new HttpClientCodec());
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_SIZE);
    private final InputStream body = new Body();
    private HttpResponse response;
    private ByteBuf current;
    private boolean ended;

    private UnixHttpExchange(SocketChannel socket) {
        this.socket = socket;
    }

    /** Sends {@code GET pathAndQuery} on a new connection and reads the answer's status line and headers. */
    static UnixHttpExchange get(Path socketPath, String pathAndQuery) throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        UnixHttpExchange exchange = new UnixHttpExchange(socket);
        boolean started = false;
        try {
            socket.connect(UnixDomainSocketAddress.of(socketPath));
            exchange.send(pathAndQuery);
            started = true;
            return exchange;
        } finally {
            if (!started) {
                exchange.close();
            }
        }
    }

    private void send(String pathAndQuery) throws IOException {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, pathAndQuery);
        // The Engine API ignores Host on its socket; Go's client sends a placeholder too.
        request.headers().set(HttpHeaderNames.HOST, "docker").set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.USER_AGENT, "sleipnir");
        codec.writeOutbound(request);
        for (ByteBuf out; (out = codec.readOutbound()) != null; ) {
            try {
                ByteBuffer bytes = out.nioBuffer();
                while (bytes.hasRemaining()) {
                    socket.write(bytes);
                }
            } finally {
                out.release();
            }
        }
        HttpObject first = next();
        if (!(first instanceof HttpResponse head)) {
            throw new IOException("the daemon closed the connection without an answer");
        }
        response = head;
        if (first instanceof HttpContent content) { // a full response object: its content is the body's start
            current = content.content();
            ended = first instanceof LastHttpContent;
        }
    }

    /** The next decoded part of the answer, reading the socket as needed; null once the connection ended. */
    private HttpObject next() throws IOException {
        while (true) {
            Object decoded = codec.readInbound();
            if (decoded != null) {
                HttpObject object = (HttpObject) decoded;
                if (object.decoderResult().isFailure()) {
                    if (object instanceof HttpContent content) {
                        content.release();
                    }
                    throw new IOException("malformed HTTP answer from the daemon: "
                            + object.decoderResult().cause().getMessage());
                }
                return object;
            }
            readBuffer.clear();
            int n = socket.read(readBuffer);
            if (n < 0) {
                codec.finish(); // an answer delimited by the connection's end is complete now
                return (HttpObject) codec.readInbound();
            }
            readBuffer.flip();
            codec.writeInbound(Unpooled.copiedBuffer(readBuffer));
        }
    }

    int status() {
        return response.status().code();
    }

    /** The answer's body as it arrives; it ends where the answer ends (length, last chunk or connection end). */
    InputStream body() {
        return body;
    }

    /** Reads the whole body, at most {@code limit} bytes (more is an error: the daemon is not what we think). */
    byte[] readBody(int limit) throws IOException {
        byte[] all = body.readNBytes(limit + 1);
        if (all.length > limit) {
            throw new IOException("the daemon's answer is longer than " + limit + " bytes");
        }
        return all;
    }

    /** From any thread: closes the connection, so that a read blocked in {@link #body()} ends with an exception. */
    void abort() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** By the thread that reads: closes the connection and frees what the codec holds. */
    @Override
    public void close() {
        abort();
        if (current != null) {
            current.release();
            current = null;
        }
        codec.finishAndReleaseAll();
    }

    private final class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (current == null || !current.isReadable()) {
                if (current != null) {
                    current.release();
                    current = null;
                }
                if (ended) {
                    return -1;
                }
                HttpObject next = next();
                if (next == null) {
                    ended = true; // the connection ended; a truncated body reads as its end
                    return -1;
                }
                if (next instanceof HttpContent content) {
                    current = content.content();
                    ended = next instanceof LastHttpContent;
                }
            }
            int n = Math.min(len, current.readableBytes());
            current.readBytes(b, off, n);
            return n;
        }
    }
}
