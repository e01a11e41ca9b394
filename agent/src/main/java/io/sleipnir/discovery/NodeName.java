package io.sleipnir.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * The name of the node this agent runs on, for the {@code spec.nodeName} field selector and {@code __host__}
 * filtering: {@code NODE_NAME} (what our DaemonSet sets from {@code spec.nodeName}), else {@code HOSTNAME} (what
 * Promtail reads), else the machine's host name (Promtail's {@code os.Hostname()} fallback).
 */
public final class NodeName {
    private NodeName() {
    }

    public static String resolve(Map<String, String> env) {
        String node = env.get("NODE_NAME");
        if (node != null && !node.isBlank()) {
            return node.trim();
        }
        String host = env.get("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
