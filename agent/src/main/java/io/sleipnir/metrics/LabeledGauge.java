package io.sleipnir.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A gauge whose series (label values to value) are read from a supplier at scrape time, so they are not kept twice. */
final class LabeledGauge extends Collector {
    private final String name;
    private final String help;
    private final List<String> labels;
    private final Supplier<? extends Map<List<String>, ? extends Number>> values;

    LabeledGauge(String name, String help, List<String> labels,
            Supplier<? extends Map<List<String>, ? extends Number>> values) {
        this.name = name;
        this.help = help;
        this.labels = List.copyOf(labels);
        this.values = values;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        GaugeMetricFamily family = new GaugeMetricFamily(name, help, labels);
        values.get().forEach((labelValues, number) -> family.addMetric(labelValues, number.doubleValue()));
        return List.of(family);
    }
}
