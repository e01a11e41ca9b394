package io.sleipnir.pipeline;

import io.sleipnir.metrics.AgentMetrics;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a pipeline's stages report what happened to an entry (failures, selector outcomes, drops): the
 * {@link StageObserver} of {@code -inspect} if any, and the agent's log at {@code debug}, at most one line per
 * stage and reason every {@link #LOG_INTERVAL_MILLIS} ms with a count of the lines suppressed meanwhile. The
 * failure counter is incremented by {@link StageContext} itself. Nothing here builds a string unless
 * {@link #describing()}.
 */
final class StageReports {
    static final long LOG_INTERVAL_MILLIS = 10_000;
    private static final System.Logger LOG = System.getLogger(StageReports.class.getName());

    private final String jobName;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final StageObserver observer;
    /** Per "stage reason": when the last line was logged and how many were suppressed since. */
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    /** Collectors the pipeline's stages registered (the metrics stage's), unregistered with the pipeline. */
    private final java.util.List<io.prometheus.client.Collector> registered =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final class Window {
        long loggedAtMillis;
        long suppressed;
    }

    StageReports(String jobName, AgentMetrics metrics, Clock clock, StageObserver observer) {
        this.jobName = jobName;
        this.metrics = metrics;
        this.clock = clock;
        this.observer = observer;
    }

    AgentMetrics metrics() {
        return metrics;
    }

    /** Registers {@code collector} in the agent's registry, to be removed by {@link #unregisterAll}. */
    void register(io.prometheus.client.Collector collector) {
        collector.register(metrics.registry());
        registered.add(collector);
    }

    /** Removes what {@link #register} added: the job's pipeline is replaced by a config reload. */
    void unregisterAll() {
        for (io.prometheus.client.Collector c : registered) {
            metrics.registry().unregister(c);
        }
        registered.clear();
    }

    String jobName() {
        return jobName;
    }

    /** Whether anyone reads the descriptions (an observer, or debug logging): else stages skip building them. */
    boolean describing() {
        return observer != null || LOG.isLoggable(Level.DEBUG);
    }

    boolean observing() {
        return observer != null;
    }

    void failed(int topStage, String stagePath, StageFailure failure, String message) {
        if (observer != null) {
            observer.reported(topStage, stagePath, message);
        }
        if (!LOG.isLoggable(Level.DEBUG)) {
            return;
        }
        long now = clock.millis();
        Window w = windows.computeIfAbsent(stagePath + ' ' + failure.reason(), k -> new Window());
        long suppressed;
        synchronized (w) {
            if (w.loggedAtMillis != 0 && now - w.loggedAtMillis < LOG_INTERVAL_MILLIS) {
                w.suppressed++;
                return;
            }
            suppressed = w.suppressed;
            w.suppressed = 0;
            w.loggedAtMillis = now;
        }
        LOG.log(Level.DEBUG, "job " + jobName + ": stage " + stagePath + " (" + failure.reason() + "): " + message
                + (suppressed == 0 ? "" : " (" + suppressed + " more suppressed in the last 10s)"));
    }

    void note(int topStage, String subject, String message) {
        if (observer != null) {
            observer.reported(topStage, subject, message);
        }
    }
}
