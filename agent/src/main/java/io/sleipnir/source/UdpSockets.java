package io.sleipnir.source;

import io.sleipnir.config.ListenAddress;
import java.io.IOException;
import java.net.DatagramSocket;
import java.time.Duration;

/** The UDP side the network sources share: one socket bound as the config says, with a large receive buffer. */
public final class UdpSockets {
    /** Room for bursts the reader thread has not taken yet; past it the kernel drops datagrams. */
    private static final int RECEIVE_BUFFER = 1 << 20;

    private UdpSockets() {
    }

    /** A socket bound to {@code address}; a failure names the address, as the TCP listener's does. */
    public static DatagramSocket bind(ListenAddress address) throws IOException {
        DatagramSocket socket;
        try {
            socket = new DatagramSocket(address.resolve());
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        socket.setReceiveBufferSize(RECEIVE_BUFFER);
        return socket;
    }

    /**
     * Closes {@code socket}, which ends its reader's blocking receive, and waits up to {@code drain} for the reader
     * to hand on what it holds; a reader still blocked then (by the pipeline) is interrupted and joined.
     */
    public static void closeAndJoin(DatagramSocket socket, Thread reader, Duration drain) throws InterruptedException {
        socket.close();
        reader.join(drain.toMillis());
        if (reader.isAlive()) {
            reader.interrupt();
            reader.join();
        }
    }
}
