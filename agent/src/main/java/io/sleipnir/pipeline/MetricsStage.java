package io.sleipnir.pipeline;

import io.sleipnir.golang.GoDuration;
import io.sleipnir.config.StageConfig;
import io.sleipnir.model.Labels;
import io.sleipnir.model.Utf8;
import java.util.ArrayList;
import java.util.List;

/**
 * Promtail's {@code metrics} stage: counters, gauges and histograms fed from extracted values, one series per
 * label set of the entries (internal {@code __} labels left out), registered in the agent's registry so they appear
 * on {@code /metrics}. The entry itself passes unchanged.
 *
 * <ul>
 * <li>Counter: {@code inc} by 1 or {@code add} the source's number; {@code match_all: true} counts every entry
 * whether or not the source exists ({@code count_entry_bytes: true}: adds the line's bytes).</li>
 * <li>Gauge: {@code set}, {@code inc}, {@code dec}, {@code add}, {@code sub}.</li>
 * <li>Histogram: observes the source's number.</li>
 * </ul>
 * Without match_all only entries whose source exists count, and with {@code value} only those whose source text
 * equals it. Numbers are read as Promtail does: JSON numbers, booleans as 1/0, strings as floats or Go durations
 * in seconds ({@code "0.5ms"} is 0.0005). A value that is no number is skipped. Counters never go down: a negative
 * add is skipped (Promtail's client library would panic on it).
 */
final class MetricsStage implements SimpleStage {
    private final List<CustomMetric> metrics = new ArrayList<>();

    MetricsStage(StageConfig.Metrics config, StageContext context) {
        for (StageConfig.Metric m : config.metrics()) {
            CustomMetric metric = new CustomMetric(m, context.clock());
            try {
                metric.register(context.metrics().registry());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("job " + context.jobName() + ": metrics stage: metric \""
                        + m.fullName() + "\" is already defined by another stage or job", e);
            }
            metrics.add(metric);
        }
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void apply(PipelineEntry entry) {
        Labels labels = null;
        for (CustomMetric metric : metrics) {
            StageConfig.Metric m = metric.config();
            if (m.type() == StageConfig.MetricType.COUNTER && m.matchAll()) {
                labels = labels == null ? entry.labels().withoutInternal() : labels;
                if (m.countEntryBytes()) {
                    metric.add(labels, Utf8.length(entry.line()));
                } else if (m.action().equals("inc")) {
                    metric.add(labels, 1);
                }
                continue;
            }
            if (!entry.hasExtracted(m.source())) {
                continue;
            }
            Object v = entry.extracted(m.source());
            if (m.value() != null && !m.value().equals(GoValues.toText(v))) {
                continue;
            }
            labels = labels == null ? entry.labels().withoutInternal() : labels;
            record(metric, m, labels, v);
        }
    }

    private static void record(CustomMetric metric, StageConfig.Metric m, Labels labels, Object v) {
        switch (m.type()) {
            case COUNTER -> {
                if (m.action().equals("inc")) {
                    metric.add(labels, 1);
                } else {
                    double f = toFloat(v);
                    if (!Double.isNaN(f) && f >= 0) {
                        metric.add(labels, f);
                    }
                }
            }
            case GAUGE -> {
                switch (m.action()) {
                    case "inc" -> metric.add(labels, 1);
                    case "dec" -> metric.add(labels, -1);
                    default -> {
                        double f = toFloat(v);
                        if (Double.isNaN(f)) {
                            return;
                        }
                        switch (m.action()) {
                            case "set" -> metric.set(labels, f);
                            case "add" -> metric.add(labels, f);
                            default -> metric.add(labels, -f);
                        }
                    }
                }
            }
            case HISTOGRAM -> {
                double f = toFloat(v);
                if (!Double.isNaN(f)) {
                    metric.observe(labels, f);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Promtail's getFloat; NaN when the value is no number. */
    static double toFloat(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))
                    || "dDfF".indexOf(s.charAt(s.length() - 1)) >= 0) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                try {
                    return GoDuration.parse(s).toNanos() / 1e9;
                } catch (RuntimeException notDuration) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }
}
