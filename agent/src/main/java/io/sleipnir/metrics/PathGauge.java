package io.sleipnir.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A gauge with a {@code path} label whose values are read from a supplier at scrape time, not kept twice. */
final class PathGauge extends Collector {
    private final String name;
    private final String help;
    private final Supplier<Map<String, Long>> values;

    PathGauge(String name, String help, Supplier<Map<String, Long>> values) {
        this.name = name;
        this.help = help;
        this.values = values;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        GaugeMetricFamily family = new GaugeMetricFamily(name, help, List.of("path"));
        values.get().forEach((path, value) -> family.addMetric(List.of(path), value));
        return List.of(family);
    }
}
