package io.sleipnir.guard;

import io.sleipnir.config.LabelGuardConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A job's cardinality guard, between its pipeline and the clients: for each guarded label, at most the configured
 * number of distinct values pass within the window ({@link DistinctValues}); a value past the limit becomes the
 * overflow value, is counted in {@code sleipnir_label_overflow_total{job,label}}, and the first time for that label
 * one {@code warn} names it. The entry itself is never dropped. Labels starting with {@code __} are not guarded
 * (Loki never sees them).
 *
 * <p>Called under the job's pipeline lock (the pipeline calls its downstream inside it), so it needs none itself.
 */
public final class LabelGuard implements EntrySink {
    private static final System.Logger LOG = System.getLogger(LabelGuard.class.getName());

    private final String job;
    private final LabelGuardConfig config;
    private final EntrySink downstream;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final Map<String, DistinctValues> byLabel = new HashMap<>();

    private LabelGuard(String job, LabelGuardConfig config, EntrySink downstream, AgentMetrics metrics, Clock clock) {
        this.job = job;
        this.config = config;
        this.downstream = downstream;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** {@code downstream} itself when the guards are off, so an unguarded job pays nothing. */
    public static EntrySink wrap(String job, LabelGuardConfig config, EntrySink downstream, AgentMetrics metrics,
            Clock clock) {
        return config.enabled() ? new LabelGuard(job, config, downstream, metrics, clock) : downstream;
    }

    @Override
    public void accept(LogEntry entry) throws InterruptedException {
        Labels labels = entry.labels();
        Labels guarded = labels;
        long now = 0;
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            if (name.startsWith("__")) {
                continue;
            }
            long limit = config.limitFor(name);
            if (limit <= 0) {
                continue;
            }
            if (now == 0) {
                now = nowNanos();
            }
            long at = now;
            DistinctValues values = byLabel.computeIfAbsent(name,
                    n -> new DistinctValues(limit, config.window().toNanos(), at));
            if (!values.admit(labels.value(i), now)) {
                guarded = guarded.with(name, config.overflowValue());
                overflowed(name, limit);
            }
        }
        downstream.accept(guarded == labels ? entry : entry.withLabels(guarded));
    }

    private void overflowed(String label, long limit) {
        var counter = metrics.labelOverflow.labels(job, label);
        if (counter.get() == 0) {
            LOG.log(System.Logger.Level.WARNING, "job " + job + ": label " + label + " has more than " + limit
                    + " distinct values within " + io.sleipnir.golang.GoDuration.format(config.window())
                    + "; further values are sent as \"" + config.overflowValue()
                    + "\" (counted in sleipnir_label_overflow_total)");
        }
        counter.inc();
    }

    private long nowNanos() {
        java.time.Instant t = clock.instant();
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }
}
