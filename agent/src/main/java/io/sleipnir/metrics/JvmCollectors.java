package io.sleipnir.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import io.prometheus.client.hotspot.VersionInfoExports;
import java.util.ArrayList;
import java.util.List;

/**
 * The process and JVM collectors, made at the first scrape. Made at start, they read the JVM's management beans
 * to be registered (some 200 classes of {@code java.lang.management}), which nothing needs before {@code /metrics}
 * is asked; the series they give are the same.
 */
final class JvmCollectors extends Collector implements Collector.Describable {
    private List<Collector> collectors;

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> all = new ArrayList<>();
        for (Collector c : collectors()) {
            all.addAll(c.collect());
        }
        return all;
    }

    /** None: describing them would make them; their names are the JVM's own and meet no metric of ours. */
    @Override
    public List<MetricFamilySamples> describe() {
        return List.of();
    }

    private synchronized List<Collector> collectors() {
        if (collectors == null) {
            collectors = List.of(new StandardExports(), new MemoryPoolsExports(), new BufferPoolsExports(),
                    new GarbageCollectorExports(), new ThreadExports(), new ClassLoadingExports(),
                    new VersionInfoExports());
        }
        return collectors;
    }
}
