package io.sleipnir.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port for a server the test starts later on its own (an agent's syslog, GELF or push API listener, a second
 * run on the same address). Not {@code new ServerSocket(0)}: that port comes from the kernel's ephemeral range, where
 * any outgoing connection of this JVM or another may be given it between the pick and the server's bind ("Address
 * already in use", seen in CI). These ports are below that range, free on loopback for TCP and UDP when picked.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;

    private FreePorts() {
    }

    public static int pick() throws IOException {
        int below = ephemeralRangeStart();
        if (below - LOWEST < 1_000) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort(); // an odd range: no room below it, so the old way
            }
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (free(port)) {
                return port;
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + below + " after 200 tries");
    }

    private static boolean free(int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(address);
            udp.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of {@code net.ipv4.ip_local_port_range} (32768 by default on Linux). */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
