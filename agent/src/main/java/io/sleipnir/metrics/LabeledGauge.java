package io.sleipnir.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A gauge with one label whose values are read from a supplier at scrape time, so they are not kept twice. */
final class LabeledGauge extends Collector {
    private final String name;
    private final String help;
    private final String label;
    private final Supplier<? extends Map<String, ? extends Number>> values;

    LabeledGauge(String name, String help, String label, Supplier<? extends Map<String, ? extends Number>> values) {
        this.name = name;
        this.help = help;
        this.label = label;
        this.values = values;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        GaugeMetricFamily family = new GaugeMetricFamily(name, help, List.of(label));
        values.get().forEach((value, number) -> family.addMetric(List.of(value), number.doubleValue()));
        return List.of(family);
    }
}
