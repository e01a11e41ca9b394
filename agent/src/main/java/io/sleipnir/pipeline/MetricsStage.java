package io.sleipnir.pipeline;

import io.sleipnir.golang.GoDuration;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.ConfigPaths;
import io.sleipnir.config.YamlNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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
    static final StageKind<Config> KIND = new StageKind<>("metrics", Config.class, MetricsStage::bind,
            (config, context, stagesFollow) -> new MetricsStage(config, context));
    private static final Keys METRIC = Keys.of("type", "description", "source", "prefix", "max_idle_duration",
            "config");
    private static final Keys COUNTER_CONFIG = Keys.of("value", "action", "match_all", "count_entry_bytes");
    private static final Keys GAUGE_CONFIG = Keys.of("value", "action");
    /** Promtail decodes a histogram's config without its {@code action}, so one written there is ignored. */
    private static final Keys HISTOGRAM_CONFIG = Keys.of("value", "buckets").ignored(Set.of("action"));
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** The kind of a {@code metrics} entry. */
    enum MetricType { COUNTER, GAUGE, HISTOGRAM }

    /**
     * One metric of the {@code metrics} stage: exposed as {@code prefix + name}; {@code value} (null: none) only
     * counts entries whose source has that text; {@code buckets} empty means Prometheus' default buckets.
     */
    record Metric(String name, MetricType type, String description, String prefix, String source,
                  Duration maxIdleDuration, String value, String action, boolean matchAll,
                  boolean countEntryBytes, List<Double> buckets) {
        Metric {
            buckets = List.copyOf(buckets);
        }

        String fullName() {
            return prefix + name;
        }

        Map<String, Object> printed() {
            Map<String, Object> config = new LinkedHashMap<>();
            ConfigPrinter.putIfNotNull(config, "value", value);
            ConfigPrinter.putIfNotNull(config, "action", action);
            if (type == MetricType.COUNTER) {
                config.put("match_all", matchAll);
                config.put("count_entry_bytes", countEntryBytes);
            }
            if (!buckets.isEmpty()) {
                config.put("buckets", buckets);
            }
            String typeName = type.name().charAt(0) + type.name().substring(1).toLowerCase(Locale.ROOT);
            return ConfigPrinter.map("type", typeName, "description", description, "prefix", prefix,
                    "source", source, "max_idle_duration", GoDuration.format(maxIdleDuration), "config", config);
        }
    }

    /** {@code metrics}: metrics in file order. */
    record Config(List<Metric> metrics) implements StageConfig {
        Config {
            metrics = List.copyOf(metrics);
        }

        @Override
        public String name() {
            return "metrics";
        }

        @Override
        public Object printed() {
            Map<String, Object> body = new LinkedHashMap<>();
            metrics.forEach(m -> body.put(m.name(), m.printed()));
            return body;
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        if (!(stage.entry().value() instanceof YamlNode.Mapping mapping) || mapping.entries().isEmpty()) {
            throw stage.error("a metrics stage needs at least one metric");
        }
        List<Metric> out = new ArrayList<>();
        for (YamlNode.Entry e : mapping.entries()) {
            out.add(metric(e.key(), stage.converter().mapping(e.value(), ConfigPaths.child(stage.path(), e.key()),
                    METRIC)));
        }
        return new Config(out);
    }

    /** What a metric's {@code config} holds besides {@code value}, by type. */
    private record ValueConfig(String action, boolean matchAll, boolean countEntryBytes, List<Double> buckets) {
    }

    private static Metric metric(String name, MappingReader m) throws ConfigException {
        MetricType type = metricType(m);
        String prefix = m.string("prefix", "");
        if (prefix.isEmpty()) {
            prefix = "promtail_custom_";
        }
        if (!METRIC_NAME.matcher(prefix + name).matches()) {
            throw m.converter().error(m.node(), m.path(), "invalid metric name \"" + prefix + name + "\"");
        }
        String source = m.string("source", name);
        Duration maxIdle = m.duration("max_idle_duration", Duration.ofMinutes(5));
        if (maxIdle.compareTo(Duration.ofSeconds(1)) < 0) {
            throw m.error("max_idle_duration", "must be at least 1s");
        }
        Keys keys = switch (type) {
            case COUNTER -> COUNTER_CONFIG;
            case GAUGE -> GAUGE_CONFIG;
            case HISTOGRAM -> HISTOGRAM_CONFIG;
        };
        MappingReader c = m.mapping("config", keys);
        if (c == null) {
            if (type != MetricType.HISTOGRAM) {
                throw m.missing("config");
            }
            c = m.converter().mapping(new YamlNode.Scalar("", YamlNode.Scalar.Kind.NULL, m.node().line(),
                    m.node().column()), m.path("config"), keys);
        }
        String value = c.string("value", null);
        ValueConfig v = switch (type) {
            case COUNTER -> counter(c, value);
            case GAUGE -> gauge(c);
            case HISTOGRAM -> histogram(c);
        };
        return new Metric(name, type, m.string("description", ""), prefix, source, maxIdle, value, v.action(),
                v.matchAll(), v.countEntryBytes(), v.buckets());
    }

    private static MetricType metricType(MappingReader m) throws ConfigException {
        String typeText = m.string("type", null);
        if (typeText == null) {
            throw m.missing("type");
        }
        return switch (typeText.toLowerCase(Locale.ROOT)) {
            case "counter" -> MetricType.COUNTER;
            case "gauge" -> MetricType.GAUGE;
            case "histogram" -> MetricType.HISTOGRAM;
            default -> throw m.error("type", "invalid metric type \"" + typeText
                    + "\" (use Counter, Gauge or Histogram)");
        };
    }

    private static ValueConfig counter(MappingReader c, String value) throws ConfigException {
        String action = c.string("action", null);
        if (action == null || action.isEmpty()) {
            throw c.has("action") ? c.error("action", "must be inc or add") : c.missing("action");
        }
        action = action.toLowerCase(Locale.ROOT);
        if (!action.equals("inc") && !action.equals("add")) {
            throw c.error("action", "invalid counter action \"" + action + "\" (use inc or add)");
        }
        boolean matchAll = c.bool("match_all", false);
        boolean countBytes = c.bool("count_entry_bytes", false);
        if (matchAll && value != null) {
            throw c.error("match_all", "match_all: true cannot be combined with value");
        }
        if (countBytes && !matchAll) {
            throw c.error("count_entry_bytes", "count_entry_bytes: true needs match_all: true");
        }
        if (countBytes && !action.equals("add")) {
            throw c.error("count_entry_bytes", "count_entry_bytes: true needs action: add");
        }
        return new ValueConfig(action, matchAll, countBytes, List.of());
    }

    private static ValueConfig gauge(MappingReader c) throws ConfigException {
        String action = c.string("action", null);
        if (action == null || action.isEmpty()) {
            throw c.has("action") ? c.error("action", "must be set, inc, dec, add or sub") : c.missing("action");
        }
        action = action.toLowerCase(Locale.ROOT);
        if (!Set.of("set", "inc", "dec", "add", "sub").contains(action)) {
            throw c.error("action", "invalid gauge action \"" + action + "\" (use set, inc, dec, add or sub)");
        }
        return new ValueConfig(action, false, false, List.of());
    }

    private static ValueConfig histogram(MappingReader c) throws ConfigException {
        List<Double> buckets = new ArrayList<>();
        List<YamlNode> items = c.list("buckets");
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String path = ConfigPaths.index(c.path("buckets"), i);
            double b = c.converter().number(item, path);
            if (!buckets.isEmpty() && b <= buckets.get(buckets.size() - 1)) {
                throw c.converter().error(item, path, "buckets must be in increasing order");
            }
            buckets.add(b);
        }
        return new ValueConfig(null, false, false, buckets);
    }

    private final List<CustomMetric> metrics = new ArrayList<>();

    MetricsStage(Config config, StageContext context) {
        for (Metric m : config.metrics()) {
            CustomMetric metric = new CustomMetric(m, context.clock());
            try {
                context.register(metric);
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
            Metric m = metric.config();
            if (m.type() == MetricType.COUNTER && m.matchAll()) {
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

    private static void record(CustomMetric metric, Metric m, Labels labels, Object v) {
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
