package io.sleipnir.metrics;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.sleipnir.golang.GoFloat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text exposition as Promtail's Go client (client_golang's expfmt) writes it, so that dashboards and recording
 * rules written against Promtail keep matching: a counter's family is named as its samples
 * ({@code # TYPE promtail_read_lines_total counter}), values are Go's shortest {@code 'g'} form ({@code 2},
 * {@code 1e+06}, never {@code 2.0}), a bucket's {@code le} too ({@code le="1"}), label pairs sorted by name with
 * no trailing comma, families sorted by name, series sorted by label values, and families without series left out.
 * The simpleclient's own writer differs on each of these.
 */
final class GoTextFormat {
    private GoTextFormat() {
    }

    static String write(Enumeration<MetricFamilySamples> families) {
        List<MetricFamilySamples> sorted = new ArrayList<>();
        while (families.hasMoreElements()) {
            MetricFamilySamples f = families.nextElement();
            if (!f.samples.isEmpty()) {
                sorted.add(f);
            }
        }
        sorted.sort(Comparator.comparing(GoTextFormat::familyName));
        StringBuilder out = new StringBuilder(4096);
        for (MetricFamilySamples f : sorted) {
            String name = familyName(f);
            out.append("# HELP ").append(name).append(' ');
            escape(f.help, false, out);
            out.append("\n# TYPE ").append(name).append(' ')
                    .append(f instanceof UnsuffixedCounter ? "counter" : typeName(f.type)).append('\n');
            for (List<Sample> series : series(f)) {
                for (Sample s : series) {
                    writeSample(s, out);
                }
            }
        }
        return out.toString();
    }

    /** Go names a family after its metric; the simpleclient strips a counter's {@code _total} from the family. */
    private static String familyName(MetricFamilySamples f) {
        return switch (f.type) {
            case COUNTER, GAUGE, UNKNOWN, STATE_SET, INFO -> f.samples.get(0).name;
            default -> f.name;
        };
    }

    private static String typeName(io.prometheus.client.Collector.Type type) {
        return switch (type) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
            case SUMMARY -> "summary";
            default -> "untyped";
        };
    }

    /**
     * The family's samples grouped per series (a histogram's buckets, sum and count together, in Go's order) and
     * the series sorted as client_golang's metricSorter does: fewer labels first, then label values in name order.
     */
    private static List<List<Sample>> series(MetricFamilySamples f) {
        Map<List<String>, List<Sample>> byLabels = new LinkedHashMap<>();
        Map<List<String>, List<String>> sortedValues = new LinkedHashMap<>();
        for (Sample s : f.samples) {
            List<String[]> pairs = sortedPairs(s, false);
            List<String> key = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (String[] p : pairs) {
                key.add(p[0]);
                key.add(p[1]);
                values.add(p[1]);
            }
            byLabels.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            sortedValues.put(key, values);
        }
        List<List<String>> keys = new ArrayList<>(byLabels.keySet());
        keys.sort((a, b) -> {
            List<String> va = sortedValues.get(a);
            List<String> vb = sortedValues.get(b);
            if (va.size() != vb.size()) {
                return Integer.compare(va.size(), vb.size());
            }
            for (int i = 0; i < va.size(); i++) {
                int c = va.get(i).compareTo(vb.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        List<List<Sample>> out = new ArrayList<>();
        for (List<String> k : keys) {
            List<Sample> samples = new ArrayList<>(byLabels.get(k));
            // Go writes buckets (or quantiles), then _sum, then _count.
            samples.sort(Comparator.comparingInt(s -> s.name.endsWith("_sum") ? 1 : s.name.endsWith("_count") ? 2 : 0));
            out.add(samples);
        }
        return out;
    }

    /** Label pairs sorted by name; {@code le} and {@code quantile} last, or left out with {@code withBucket} false. */
    private static List<String[]> sortedPairs(Sample s, boolean withBucket) {
        List<String[]> pairs = new ArrayList<>();
        String[] bucket = null;
        for (int i = 0; i < s.labelNames.size(); i++) {
            String n = s.labelNames.get(i);
            String[] p = {n, s.labelValues.get(i)};
            if (n.equals("le") || n.equals("quantile")) {
                // The simpleclient writes bounds as Java does (1.0); Go's client writes them with 'g' (1).
                p[1] = goBound(p[1]);
                bucket = p;
            } else {
                pairs.add(p);
            }
        }
        pairs.sort(Comparator.comparing(p -> p[0]));
        if (withBucket && bucket != null) {
            pairs.add(bucket);
        }
        return pairs;
    }

    private static String goBound(String javaText) {
        try {
            return GoFloat.formatG(Double.parseDouble(javaText.equals("+Inf") ? "Infinity" : javaText));
        } catch (NumberFormatException e) {
            return javaText;
        }
    }

    private static void writeSample(Sample s, StringBuilder out) {
        out.append(s.name);
        List<String[]> pairs = sortedPairs(s, true);
        if (!pairs.isEmpty()) {
            out.append('{');
            for (int i = 0; i < pairs.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(pairs.get(i)[0]).append("=\"");
                escape(pairs.get(i)[1], true, out);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(GoFloat.formatG(s.value)).append('\n');
    }

    /** expfmt's escaping: backslash and newline, and the double quote inside label values. */
    private static void escape(String s, boolean quote, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}
