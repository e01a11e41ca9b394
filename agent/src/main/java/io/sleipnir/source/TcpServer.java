package io.sleipnir.source;

import io.sleipnir.config.ListenAddress;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TCP listener with one thread per connection, reading with blocking I/O. The handler hands each message to the
 * pipeline on the connection's own thread, so when the pipeline blocks (back-pressure) that connection stops being
 * read, the kernel's receive window fills, and the sender is slowed: nothing is buffered in between.
 *
 * <p>Stop: the listener closes, every connection is closed (a blocked read ends), and each thread finishes the
 * message it is handing on. A thread still blocked by the pipeline after {@code drainTimeout} is interrupted; the
 * handler counts what it loses then.
 */
public final class TcpServer {
    private static final System.Logger LOG = System.getLogger(TcpServer.class.getName());
    /** Bounds the threads (and their buffers) a flood of connections can take. */
    public static final int MAX_CONNECTIONS = 1024;

    /** Reads one connection until it ends; runs on the connection's thread. */
    public interface Handler {
        void handle(Socket socket, InputStream in) throws IOException, InterruptedException;
    }

    private final String name;
    private final ListenAddress address;
    private final SSLContext tls;
    private final boolean requireClientCertificate;
    private final Duration idleTimeout;
    private final Handler handler;
    private final RateLimitedLog warnings;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private Thread acceptor;
    private volatile boolean stopping;

    public TcpServer(String name, ListenAddress address, SSLContext tls, boolean requireClientCertificate,
            Duration idleTimeout, Handler handler, RateLimitedLog warnings) {
        this.name = name;
        this.address = address;
        this.tls = tls;
        this.requireClientCertificate = requireClientCertificate;
        this.idleTimeout = idleTimeout;
        this.handler = handler;
        this.warnings = warnings;
    }

    public void start() throws IOException {
        InetSocketAddress bindTo = address.resolve();
        ServerSocket s = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        if (s instanceof SSLServerSocket ssl) {
            ssl.setNeedClientAuth(requireClientCertificate);
        }
        try {
            s.setReuseAddress(true);
            s.bind(bindTo, 128);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        server = s;
        acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!stopping) {
                    warnings.warn(name + ": cannot accept a connection: " + e.getMessage());
                }
                continue;
            }
            if (threads.size() >= MAX_CONNECTIONS) {
                warnings.warn(name + ": refusing a connection from " + socket.getRemoteSocketAddress() + ": "
                        + MAX_CONNECTIONS + " connections are open");
                closeQuietly(socket);
                continue;
            }
            Thread t = new Thread(() -> serve(socket), name + "-" + socket.getRemoteSocketAddress());
            t.setDaemon(true);
            threads.add(t);
            sockets.add(socket);
            t.start();
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout(Math.toIntExact(Math.min(Integer.MAX_VALUE, idleTimeout.toMillis())));
            handler.handle(socket, socket.getInputStream());
        } catch (InterruptedException e) {
            // stop() gave up waiting for the pipeline; the handler has counted what it held
        } catch (IOException e) {
            if (!stopping && !(e instanceof SocketException && socket.isClosed())) {
                LOG.log(Level.DEBUG, name + ": connection from " + socket.getRemoteSocketAddress() + " ended", e);
            }
        } finally {
            closeQuietly(socket);
            sockets.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    /**
     * Stops listening, closes every connection, and waits up to {@code drainTimeout} for the connection threads to
     * hand on the messages they hold; then interrupts the rest. Returns once every thread has ended.
     */
    public void close(Duration drainTimeout) throws InterruptedException {
        stopping = true;
        if (server != null) {
            closeQuietly(server);
            acceptor.join();
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
        }
        for (Thread t : threads) {
            t.interrupt();
            t.join();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing on stop or after a refused connection: nothing to do
        }
    }
}
