package io.sleipnir.pipeline;

/**
 * Why a stage could not do its work on an entry: the {@code reason} label of
 * {@code sleipnir_stage_failures_total{job, stage, reason}}. A small fixed set per stage, so that the counter's
 * cardinality is bounded by the config (stages times reasons), never by the input.
 */
public enum StageFailure {
    /** {@code timestamp}: the extracted {@code source} is absent or has no text. */
    TIMESTAMP_SOURCE_MISSING("source_missing"),
    /** {@code timestamp}: the source matches neither the format nor a fallback format. */
    TIMESTAMP_UNPARSED("unparsed"),
    /** {@code regex}: the extracted {@code source} is absent or has no text. */
    REGEX_SOURCE_MISSING("source_missing"),
    /** {@code regex}: the expression does not match. */
    REGEX_NO_MATCH("no_match"),
    /** {@code json}: the extracted {@code source} is absent or has no text. */
    JSON_SOURCE_MISSING("source_missing"),
    /** {@code json}: the input is not a JSON object. */
    JSON_MALFORMED("malformed_json");

    private final String reason;

    StageFailure(String reason) {
        this.reason = reason;
    }

    /** The {@code reason} label. */
    public String reason() {
        return reason;
    }
}
