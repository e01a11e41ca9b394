package io.sleipnir.discovery;

import io.sleipnir.config.KubernetesSdConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes pod discovery ({@code kubernetes_sd_configs}, role pod) for the whole agent. Each registered config
 * gets a {@link TargetGroupProvider}; configs that watch the same thing (same API server, namespaces and selectors)
 * share one informer. Every watch is node-local: {@code spec.nodeName=<node>} is added to the field selector, as
 * Promtail does, so a DaemonSet pod lists and watches only its own node's pods.
 *
 * <p>Use: {@link #register} for every config, then {@link #start} once, {@link #close} at shutdown.
 */
public final class KubernetesDiscovery implements AutoCloseable {
    private final String nodeName;
    private final ClientFactory clients;
    private final Map<PodWatchSpec, PodWatch> watches = new LinkedHashMap<>();
    private boolean started;

    /** Discovery for the node {@code nodeName} (see {@link NodeName#resolve}) with fabric8's default clients. */
    public KubernetesDiscovery(String nodeName) {
        this(nodeName, ClientFactory.DEFAULT);
    }

    KubernetesDiscovery(String nodeName, ClientFactory clients) {
        this.nodeName = nodeName;
        this.clients = clients;
    }

    public String nodeName() {
        return nodeName;
    }

    /** The targets of {@code sd}; only {@code role: pod} exists (the config loader rejects the others). */
    public synchronized TargetGroupProvider register(KubernetesSdConfig sd) {
        if (started) {
            throw new IllegalStateException("register every config before start");
        }
        if (!sd.role().equals("pod")) {
            throw new IllegalArgumentException("role \"" + sd.role() + "\" is not supported yet");
        }
        return watches.computeIfAbsent(PodWatchSpec.of(sd, nodeName), PodWatch::new);
    }

    /** How many informer sets run: configs with equal watch specs share one. */
    public synchronized int watchCount() {
        return watches.size();
    }

    /**
     * Starts every watch; {@code onChange} runs (on an informer thread) after any target group changed. Does not wait
     * for the API server: watches retry in the background until it answers.
     *
     * @throws IOException when a client cannot be configured (unreadable kubeconfig, unknown own namespace)
     */
    public synchronized void start(Runnable onChange) throws IOException {
        started = true;
        List<PodWatch> running = new ArrayList<>();
        try {
            for (PodWatch w : watches.values()) {
                w.start(clients, onChange);
                running.add(w);
            }
        } catch (IOException | RuntimeException e) {
            running.forEach(PodWatch::close);
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        watches.values().forEach(PodWatch::close);
    }
}
