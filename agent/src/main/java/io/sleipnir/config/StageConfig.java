package io.sleipnir.config;

import io.sleipnir.golang.GoRegex;
import io.sleipnir.golang.GoTemplate;
import io.sleipnir.golang.GoTimeLayout;
import io.sleipnir.logql.LogSelector;
import java.util.List;
import java.util.Map;

/**
 * A typed pipeline stage. Each stage kind is a record; unknown kinds fail at load time. Regular expressions and
 * templates are compiled when the config is bound, so a bad one fails start-up with its file:line:column. A
 * {@code source} of null means "the log line" (Promtail's absent source).
 */
public sealed interface StageConfig permits StageConfig.Cri, StageConfig.Docker, StageConfig.Regex,
        StageConfig.Json, StageConfig.Logfmt, StageConfig.Replace, StageConfig.Template, StageConfig.Output,
        StageConfig.ExtractedLabels, StageConfig.StructuredMetadata, StageConfig.StaticLabels,
        StageConfig.LabelDrop, StageConfig.LabelAllow, StageConfig.Tenant, StageConfig.Decolorize,
        StageConfig.Pack, StageConfig.Timestamp, StageConfig.Match, StageConfig.Drop, StageConfig.Limit,
        StageConfig.Sampling, StageConfig.Multiline, StageConfig.Metrics {

    /** {@code cri}: Promtail's defaults max_partial_lines 100, max_partial_line_size 0 (off), truncate false. */
    record Cri(int maxPartialLines, long maxPartialLineSize, boolean maxPartialLineSizeTruncate) implements StageConfig {
        public static Cri defaults() {
            return new Cri(100, 0, false);
        }
    }

    /** {@code docker}: no options. */
    record Docker() implements StageConfig {
    }

    /** {@code regex}: named groups of {@code expression} go to the extracted map. */
    record Regex(GoRegex expression, String source) implements StageConfig {
    }

    /**
     * {@code json}: extracted name to JMESPath expression (an empty expression in the file is already replaced by
     * the name here), in file order.
     */
    record Json(Map<String, String> expressions, String source, boolean dropMalformed) implements StageConfig {
        public Json {
            expressions = Map.copyOf(expressions);
        }
    }

    /** {@code logfmt}: extracted name to logfmt key (an empty key in the file is already replaced by the name). */
    record Logfmt(Map<String, String> mapping, String source) implements StageConfig {
        public Logfmt {
            mapping = Map.copyOf(mapping);
        }
    }

    /** {@code replace}: each capture group of each match replaced by the executed {@code replace} template. */
    record Replace(GoRegex expression, String source, GoTemplate replace) implements StageConfig {
    }

    /** {@code template}: sets extracted {@code source} to the executed template (an empty result removes it). */
    record Template(String source, GoTemplate template) implements StageConfig {
    }

    /** {@code output}: the line becomes the extracted value {@code source}. */
    record Output(String source) implements StageConfig {
    }

    /** {@code labels}: label name to extracted name (an empty source in the file is already the label name). */
    record ExtractedLabels(Map<String, String> labels) implements StageConfig {
        public ExtractedLabels {
            labels = Map.copyOf(labels);
        }
    }

    /** {@code structured_metadata} (alias {@code non_indexed_labels}): like {@code labels}, into structured metadata. */
    record StructuredMetadata(Map<String, String> labels) implements StageConfig {
        public StructuredMetadata {
            labels = Map.copyOf(labels);
        }
    }

    /** {@code static_labels}: fixed labels; an empty value adds nothing, as in Promtail. */
    record StaticLabels(Map<String, String> labels) implements StageConfig {
        public StaticLabels {
            labels = Map.copyOf(labels);
        }
    }

    /** {@code labeldrop}: label names to remove. */
    record LabelDrop(List<String> names) implements StageConfig {
        public LabelDrop {
            names = List.copyOf(names);
        }
    }

    /** {@code labelallow}: the only label names to keep. */
    record LabelAllow(List<String> names) implements StageConfig {
        public LabelAllow {
            names = List.copyOf(names);
        }
    }

    /** {@code tenant}: exactly one of source (extracted name), value (fixed) or label (label name) is non-null. */
    record Tenant(String source, String value, String label) implements StageConfig {
    }

    /** {@code decolorize}: no options. */
    record Decolorize() implements StageConfig {
    }

    /** {@code pack}: extracted names (labels included) to pack with the line; Promtail's default ingest_timestamp true. */
    record Pack(List<String> labels, boolean ingestTimestamp) implements StageConfig {
        public Pack {
            labels = List.copyOf(labels);
        }
    }

    /** What {@code timestamp} does when the source is missing or does not parse. */
    enum TimestampFailure {
        /** Promtail's default: the stream's last known timestamp plus 1ns (the read time when none is known). */
        FUDGE,
        /** Keep the read time. */
        SKIP
    }

    /**
     * {@code timestamp}: the extracted {@code source} parsed with {@code format}, then each fallback in order.
     * {@code location} (null: none) is the zone for layouts whose text has no zone.
     */
    record Timestamp(String source, GoTimeLayout format, List<GoTimeLayout> fallbackFormats,
                     java.time.ZoneId location, TimestampFailure actionOnFailure) implements StageConfig {
        public Timestamp {
            fallbackFormats = List.copyOf(fallbackFormats);
        }
    }

    /**
     * {@code match}: entries whose labels and line match {@code selector} run through {@code stages} (action keep)
     * or are dropped and counted with {@code dropCounterReason} (action drop, no stages).
     */
    record Match(LogSelector selector, String pipelineName, boolean drop, String dropCounterReason,
                 List<StageConfig> stages) implements StageConfig {
        public Match {
            stages = List.copyOf(stages);
        }
    }

    /**
     * {@code drop}: every configured condition must hold for the entry to be dropped. {@code source} is null or a
     * non-empty list ({@code sourceIsList} remembers how it was written); {@code value} (null: none) is matched as
     * the regular expression {@code ^quote(value)$}, as Promtail does; {@code olderThan} and {@code longerThan} are
     * null when not set.
     */
    record Drop(List<String> source, boolean sourceIsList, String separator, GoRegex expression, String value,
                java.time.Duration olderThan, Long longerThan, String dropCounterReason) implements StageConfig {
        public Drop {
            source = source == null ? null : List.copyOf(source);
        }
    }

    /** {@code limit}: a token bucket of {@code rate} per second and {@code burst}; blocks unless {@code drop}. */
    record Limit(double rate, int burst, boolean drop, String byLabelName, int maxDistinctLabels)
            implements StageConfig {
    }

    /** {@code sampling}: keeps each entry with probability {@code rate}. */
    record Sampling(double rate, String dropCounterReason) implements StageConfig {
    }

    /** {@code multiline}: joins lines into blocks that start with a line matching {@code firstline}. */
    record Multiline(GoRegex firstline, java.time.Duration maxWaitTime, int maxLines) implements StageConfig {
    }

    /** The kind of a {@code metrics} entry. */
    enum MetricType { COUNTER, GAUGE, HISTOGRAM }

    /**
     * One metric of the {@code metrics} stage: exposed as {@code prefix + name}; {@code value} (null: none) only
     * counts entries whose source has that text; {@code buckets} empty means Prometheus' default buckets.
     */
    record Metric(String name, MetricType type, String description, String prefix, String source,
                  java.time.Duration maxIdleDuration, String value, String action, boolean matchAll,
                  boolean countEntryBytes, List<Double> buckets) {
        public Metric {
            buckets = List.copyOf(buckets);
        }

        public String fullName() {
            return prefix + name;
        }
    }

    /** {@code metrics}: metrics in file order. */
    record Metrics(List<Metric> metrics) implements StageConfig {
        public Metrics {
            metrics = List.copyOf(metrics);
        }
    }
}
