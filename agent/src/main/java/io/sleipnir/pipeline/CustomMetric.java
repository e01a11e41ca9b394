package io.sleipnir.pipeline;

import io.prometheus.client.Collector;
import io.sleipnir.golang.GoFloat;
import io.sleipnir.metrics.UnsuffixedCounter;
import io.sleipnir.model.Labels;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One metric of a {@code metrics} stage, with one series per label set of the entries that touched it (so its
 * label names vary from series to series, which the simpleclient's own types cannot do). Series that were not
 * touched for {@code max_idle_duration} disappear at the next scrape, as in Promtail. Updated on the pipeline's
 * thread, read by the scrape thread: each series is guarded by its own monitor.
 */
final class CustomMetric extends Collector {
    /** Prometheus' default buckets (client_golang DefBuckets), used when a histogram lists none. */
    static final double[] DEFAULT_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

    private final MetricsStage.Metric config;
    private final String name;
    private final double[] buckets;
    private final long maxIdleNanos;
    private final Clock clock;
    private final ConcurrentHashMap<Labels, Series> series = new ConcurrentHashMap<>();

    private static final class Series {
        double value;
        long[] bucketCounts;
        double sum;
        long count;
        long lastNanos;
    }

    CustomMetric(MetricsStage.Metric config, Clock clock) {
        this.config = config;
        this.name = config.fullName();
        this.buckets = config.buckets().isEmpty() ? DEFAULT_BUCKETS
                : config.buckets().stream().mapToDouble(Double::doubleValue).toArray();
        this.maxIdleNanos = config.maxIdleDuration().toNanos();
        this.clock = clock;
    }

    MetricsStage.Metric config() {
        return config;
    }

    void add(Labels labels, double delta) {
        Series s = series(labels);
        synchronized (s) {
            s.value += delta;
            s.lastNanos = nowNanos();
        }
    }

    void set(Labels labels, double value) {
        Series s = series(labels);
        synchronized (s) {
            s.value = value;
            s.lastNanos = nowNanos();
        }
    }

    void observe(Labels labels, double value) {
        Series s = series(labels);
        synchronized (s) {
            if (s.bucketCounts == null) {
                s.bucketCounts = new long[buckets.length];
            }
            for (int i = 0; i < buckets.length; i++) {
                if (value <= buckets[i]) {
                    s.bucketCounts[i]++;
                }
            }
            s.sum += value;
            s.count++;
            s.lastNanos = nowNanos();
        }
    }

    private Series series(Labels labels) {
        Series s = series.get(labels);
        return s != null ? s : series.computeIfAbsent(labels, l -> new Series());
    }

    @Override
    public List<MetricFamilySamples> collect() {
        long now = nowNanos();
        List<MetricFamilySamples.Sample> samples = new ArrayList<>();
        for (Map.Entry<Labels, Series> e : series.entrySet()) {
            Series s = e.getValue();
            synchronized (s) {
                if (now - s.lastNanos >= maxIdleNanos) {
                    series.remove(e.getKey(), s);
                    continue;
                }
                List<String> names = new ArrayList<>();
                List<String> values = new ArrayList<>();
                Labels labels = e.getKey();
                for (int i = 0; i < labels.size(); i++) {
                    names.add(labels.name(i));
                    values.add(labels.value(i));
                }
                if (config.type() != MetricsStage.MetricType.HISTOGRAM) {
                    samples.add(new MetricFamilySamples.Sample(name, names, values, s.value));
                    continue;
                }
                List<String> bucketNames = new ArrayList<>(names);
                bucketNames.add("le");
                for (int i = 0; i < buckets.length; i++) {
                    List<String> v = new ArrayList<>(values);
                    v.add(GoFloat.formatG(buckets[i]));
                    samples.add(new MetricFamilySamples.Sample(name + "_bucket", bucketNames, v,
                            s.bucketCounts == null ? 0 : s.bucketCounts[i]));
                }
                List<String> inf = new ArrayList<>(values);
                inf.add("+Inf");
                samples.add(new MetricFamilySamples.Sample(name + "_bucket", bucketNames, inf, s.count));
                samples.add(new MetricFamilySamples.Sample(name + "_sum", names, values, s.sum));
                samples.add(new MetricFamilySamples.Sample(name + "_count", names, values, s.count));
            }
        }
        // Named as Promtail names it: promtail_custom_<name>, no _total added or removed (issue 8, item 15).
        return List.of(switch (config.type()) {
            case COUNTER -> new UnsuffixedCounter(name, config.description(), samples);
            case GAUGE -> new MetricFamilySamples(name, Type.GAUGE, config.description(), samples);
            case HISTOGRAM -> new MetricFamilySamples(name, Type.HISTOGRAM, config.description(), samples);
        });
    }

    @Override
    public String toString() {
        return name + Arrays.toString(buckets);
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
