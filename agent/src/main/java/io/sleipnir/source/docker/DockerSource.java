package io.sleipnir.source.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.client.Summary;
import io.sleipnir.config.DockerSdConfig;
import io.sleipnir.config.RelabelConfig;
import io.sleipnir.source.EntryLabels;
import io.sleipnir.source.RateLimitedLog;
import io.sleipnir.source.Source;
import io.sleipnir.source.SourceContext;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Promtail's {@code docker_sd_configs}: every {@code refresh_interval} the daemon's running containers (through the
 * configured {@code filters}) are listed on its unix socket, and each one found is followed ({@link ContainerLog})
 * with its {@code __meta_docker_*} labels ({@link ContainerLabels}) and {@code __meta_docker_container_log_stream}
 * through the job's {@code relabel_configs}. A daemon that cannot be reached is a warning, tried again at the next
 * refresh, as in Prometheus; it does not stop the agent.
 */
public final class DockerSource implements Source {
    private static final System.Logger LOG = System.getLogger(DockerSource.class.getName());
    private static final String MECHANISM = "docker";

    private final DockerSdConfig config;
    private final SourceContext context;
    private final DockerApi api;
    private final EntryLabels entryLabels;
    private final DockerMetrics metrics;
    private final RateLimitedLog warnings;
    private final Map<String, ContainerLog> containers = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private Thread discovery;

    public DockerSource(DockerSdConfig config, List<RelabelConfig> relabelConfigs, SourceContext context) {
        this.config = config;
        this.context = context;
        this.api = new DockerApi(config.socket());
        this.entryLabels = new EntryLabels(Map.of(), relabelConfigs);
        this.metrics = DockerMetrics.of(context.metrics());
        this.warnings = new RateLimitedLog(LOG, context.clock(), TimeUnit.MINUTES.toMillis(1));
        metrics.followed.labels(context.jobName(), host()).set(0);
    }

    /** The {@code host} as configured, for the gauge's label. */
    private String host() {
        return "unix://" + config.socket();
    }

    @Override
    public String describe() {
        return "docker_sd unix://" + config.socket() + " (job " + context.jobName() + ")";
    }

    @Override
    public void start() {
        discovery = new Thread(this::run, "docker-" + context.jobName());
        discovery.setDaemon(true);
        discovery.start();
    }

    private void run() {
        try {
            do {
                refresh();
            } while (!closing.await(config.refreshInterval().toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException stop) {
            // closing
        }
    }

    /** One discovery round: list, follow what is new or running again, forget what is gone and delivered. */
    void refresh() {
        Summary.Timer timer = metrics.refreshDuration.labels(MECHANISM).startTimer();
        try {
            Map<String, Map<String, String>> networks = ContainerLabels.networks(api.networks());
            JsonNode list = api.containers(config.filters());
            Set<String> listed = new HashSet<>();
            for (JsonNode c : list) {
                Map<String, String> labels = ContainerLabels.of(c, networks, config);
                if (labels == null) {
                    continue;
                }
                String id = c.path("Id").asText("");
                listed.add(id);
                if (closing.getCount() == 0) {
                    return;
                }
                containers.computeIfAbsent(id, k -> new ContainerLog(k, api, context, entryLabels, metrics, warnings))
                        .follow(labels, "docker-" + context.jobName() + "-" + (id.length() > 12 ? id.substring(0, 12)
                                : id));
            }
            containers.entrySet().removeIf(e -> !listed.contains(e.getKey()) && !e.getValue().following()
                    && e.getValue().inFlight() == 0);
        } catch (IOException e) {
            metrics.refreshFailures.labels(MECHANISM).inc();
            warnings.warn(describe() + ": cannot list containers: " + e.getMessage()
                    + "; trying again every " + config.refreshInterval().toSeconds() + "s");
        } catch (RuntimeException e) {
            metrics.refreshFailures.labels(MECHANISM).inc();
            warnings.warn(describe() + ": unexpected answer listing containers: " + e);
        } finally {
            metrics.followed.labels(context.jobName(), host()).set(containers.values().stream()
                    .filter(ContainerLog::following).count());
            timer.observeDuration();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing.countDown();
        if (discovery != null) {
            discovery.join(TimeUnit.SECONDS.toMillis(10));
        }
        containers.values().forEach(ContainerLog::requestStop);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ContainerLog log : containers.values()) {
            log.awaitStop(deadline);
        }
        metrics.followed.labels(context.jobName(), host()).set(0);
    }
}
