package io.sleipnir.config;

import java.time.Duration;
import java.util.Map;

/**
 * The cardinality guards of {@code limits_config}: per job and label, at most {@code maxLabelValues} distinct values
 * within {@code window}; a value past the limit is replaced by {@code overflowValue}. {@code perLabel} overrides the
 * limit for one label name (0 exempts it). Off when the limit is 0 and no label has its own.
 *
 * @param maxLabelValues the limit for every label without its own (0: unguarded)
 * @param perLabel       label name to its own limit ({@code max_label_values_per_label})
 * @param window         how long a value counts as seen ({@code label_values_window})
 * @param overflowValue  what a value past the limit becomes ({@code label_overflow_value})
 */
public record LabelGuardConfig(long maxLabelValues, Map<String, Long> perLabel, Duration window, String overflowValue) {
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    public static final String DEFAULT_OVERFLOW_VALUE = "__sleipnir_overflow__";

    public LabelGuardConfig {
        perLabel = Map.copyOf(perLabel);
    }

    public static LabelGuardConfig off() {
        return new LabelGuardConfig(0, Map.of(), DEFAULT_WINDOW, DEFAULT_OVERFLOW_VALUE);
    }

    public boolean enabled() {
        return maxLabelValues > 0 || perLabel.values().stream().anyMatch(v -> v > 0);
    }

    /** The limit for {@code label}; 0 when it is not guarded. */
    public long limitFor(String label) {
        return perLabel.getOrDefault(label, maxLabelValues);
    }
}
