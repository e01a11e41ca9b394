package io.sleipnir.metrics;

import io.prometheus.client.Collector;
import java.util.List;

/**
 * A counter family whose samples keep the name they were given. The simpleclient renames a counter's samples to
 * {@code <name>_total}; Promtail's Go client does not, so a {@code metrics} stage counter {@code x} must stay
 * {@code promtail_custom_x}. Carried as an untyped family through the simpleclient and written as a counter by
 * {@link GoTextFormat}.
 */
public final class UnsuffixedCounter extends Collector.MetricFamilySamples {
    public UnsuffixedCounter(String name, String help, List<Sample> samples) {
        super(name, Collector.Type.UNKNOWN, help, samples);
    }
}
