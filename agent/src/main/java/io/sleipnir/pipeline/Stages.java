package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter;
import io.sleipnir.config.StageCatalog;
import io.sleipnir.config.StageConfig;
import io.sleipnir.config.StageYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stage kinds, in one explicit list: adding a stage means writing its file (record, binding, printing, stage)
 * and adding its name to {@link #NAMES} and its {@code KIND} to {@link #kind}. The config loader binds
 * {@code pipeline_stages} through this catalog ({@link StageCatalog}, installed as a service so that {@code config}
 * does not depend on this package), and {@link Pipeline} builds each bound record with the kind that bound it.
 *
 * <p>A kind is looked up by name in a {@code switch}, so that only the kinds a config names are loaded: each one is
 * a stage class, its record and its two method references, about 90 classes for the 22 kinds a config with one
 * {@code cri} stage does not name, which it would otherwise load and verify before its first push (README
 * "Footprint", *Start*).
 */
public final class Stages implements StageCatalog {

    /** Every kind's name, in the order of Promtail's documentation; {@link #kind} has a case for each. */
    static final List<String> NAMES = List.of("cri", "docker", "regex", "json", "logfmt", "replace", "template",
            "output", "labels", "structured_metadata", "static_labels", "labeldrop", "labelallow", "tenant",
            "decolorize", "pack", "timestamp", "match", "drop", "limit", "sampling", "multiline", "metrics");

    /** Another name Promtail accepts for a kind. */
    private static final Map<String, String> ALIASES = Map.of("non_indexed_labels", "structured_metadata");

    /** Promtail's stage names (stage.go) that cannot work here, with the reason. */
    private static final Map<String, String> NOT_SUPPORTED = Map.of(
            "geoip", "needs a MaxMind database",
            "eventlogmessage", "Windows only");

    /** Promtail's stage names, for "did you mean" on a misspelled one. */
    private static final NodeConverter.Keys SUGGESTIONS = NodeConverter.Keys.of(suggestions());

    /** The catalog; public for {@link java.util.ServiceLoader}. */
    public Stages() {
    }

    private static String[] suggestions() {
        List<String> names = new ArrayList<>(NAMES);
        names.addAll(ALIASES.keySet());
        names.addAll(NOT_SUPPORTED.keySet());
        return names.toArray(String[]::new);
    }

    /**
     * The kind a config names, or null when there is none: loading the kind's class here, at its first use, is the
     * point (see the class comment).
     */
    static StageKind<?> kind(String name) {
        return switch (ALIASES.getOrDefault(name, name)) {
            case "cri" -> CriStage.KIND;
            case "docker" -> DockerStage.KIND;
            case "regex" -> RegexStage.KIND;
            case "json" -> JsonStage.KIND;
            case "logfmt" -> LogfmtStage.KIND;
            case "replace" -> ReplaceStage.KIND;
            case "template" -> TemplateStage.KIND;
            case "output" -> OutputStage.KIND;
            case "labels" -> LabelsStage.LABELS;
            case "structured_metadata" -> LabelsStage.STRUCTURED_METADATA;
            case "static_labels" -> LabelSetStages.STATIC_LABELS;
            case "labeldrop" -> LabelSetStages.LABEL_DROP;
            case "labelallow" -> LabelSetStages.LABEL_ALLOW;
            case "tenant" -> TenantStage.KIND;
            case "decolorize" -> DecolorizeStage.KIND;
            case "pack" -> PackStage.KIND;
            case "timestamp" -> TimestampStage.KIND;
            case "match" -> MatchStage.KIND;
            case "drop" -> DropStage.KIND;
            case "limit" -> LimitStage.KIND;
            case "sampling" -> SamplingStage.KIND;
            case "multiline" -> MultilineStage.KIND;
            case "metrics" -> MetricsStage.KIND;
            default -> null;
        };
    }

    @Override
    public StageConfig bind(StageYaml stage) throws ConfigException {
        StageKind<?> kind = kind(stage.name());
        if (kind != null) {
            return kind.binder().bind(stage);
        }
        if (stage.name().equals("pipeline")) {
            throw stage.error("stage \"pipeline\" does not exist in Promtail either (the name is reserved but no stage"
                    + " implements it); use a match stage with stages");
        }
        String reason = NOT_SUPPORTED.get(stage.name());
        throw stage.error(reason != null ? "stage \"" + stage.name() + "\" is not supported (" + reason + ")"
                : "unknown stage \"" + stage.name() + "\"" + NodeConverter.suggestion(stage.name(), SUGGESTIONS));
    }

    /** Builds the stage that {@code config} describes, with the kind that bound it. */
    static Stage build(StageConfig config, StageContext context, boolean stagesFollow) {
        StageKind<?> kind = kind(config.name());
        if (kind == null || kind.configType() != config.getClass()) {
            throw new IllegalArgumentException("no stage kind in Stages binds " + config.getClass().getName());
        }
        return kind.build(config, context, stagesFollow);
    }
}
