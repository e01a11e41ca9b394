package io.sleipnir.source;

import io.sleipnir.config.ListenAddress;
import java.io.IOException;
import java.net.DatagramSocket;

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
}
