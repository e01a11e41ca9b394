package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter;
import io.sleipnir.config.StageCatalog;
import io.sleipnir.config.StageConfig;
import io.sleipnir.config.StageYaml;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stage kinds, in one explicit list: adding a stage means writing its file (record, binding, printing, stage)
 * and adding its {@code KIND} here. The config loader binds {@code pipeline_stages} through this catalog
 * ({@link StageCatalog}, installed as a service so that {@code config} does not depend on this package), and
 * {@link Pipeline} builds each bound record with the kind that bound it.
 */
public final class Stages implements StageCatalog {

    static final List<StageKind<?>> ALL = List.of(CriStage.KIND, DockerStage.KIND, RegexStage.KIND, JsonStage.KIND,
            LogfmtStage.KIND, ReplaceStage.KIND, TemplateStage.KIND, OutputStage.KIND, LabelsStage.LABELS,
            LabelsStage.STRUCTURED_METADATA, LabelSetStages.STATIC_LABELS, LabelSetStages.LABEL_DROP,
            LabelSetStages.LABEL_ALLOW, TenantStage.KIND, DecolorizeStage.KIND, PackStage.KIND, TimestampStage.KIND,
            MatchStage.KIND, DropStage.KIND, LimitStage.KIND, SamplingStage.KIND, MultilineStage.KIND,
            MetricsStage.KIND);

    /** Another name Promtail accepts for a kind. */
    private static final Map<String, String> ALIASES = Map.of("non_indexed_labels", "structured_metadata");

    /** Promtail's stage names (stage.go) that cannot work here, with the reason. */
    private static final Map<String, String> NOT_SUPPORTED = Map.of(
            "geoip", "needs a MaxMind database",
            "eventlogmessage", "Windows only");

    private static final Map<String, StageKind<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, StageKind<?>> BY_CONFIG = new HashMap<>();

    static {
        for (StageKind<?> kind : ALL) {
            BY_NAME.put(kind.name(), kind);
            BY_CONFIG.put(kind.configType(), kind);
        }
        ALIASES.forEach((alias, name) -> BY_NAME.put(alias, BY_NAME.get(name)));
    }

    /** Promtail's stage names, for "did you mean" on a misspelled one. */
    private static final NodeConverter.Keys NAMES = NodeConverter.Keys.of(names());

    /** The catalog; public for {@link java.util.ServiceLoader}. */
    public Stages() {
    }

    private static String[] names() {
        List<String> names = new java.util.ArrayList<>(BY_NAME.keySet());
        names.addAll(NOT_SUPPORTED.keySet());
        return names.toArray(String[]::new);
    }

    @Override
    public StageConfig bind(StageYaml stage) throws ConfigException {
        StageKind<?> kind = BY_NAME.get(stage.name());
        if (kind != null) {
            return kind.binder().bind(stage);
        }
        if (stage.name().equals("pipeline")) {
            throw stage.error("stage \"pipeline\" does not exist in Promtail either (the name is reserved but no stage"
                    + " implements it); use a match stage with stages");
        }
        String reason = NOT_SUPPORTED.get(stage.name());
        throw stage.error(reason != null ? "stage \"" + stage.name() + "\" is not supported (" + reason + ")"
                : "unknown stage \"" + stage.name() + "\"" + NodeConverter.suggestion(stage.name(), NAMES));
    }

    /** Builds the stage that {@code config} describes, with the kind that bound it. */
    static Stage build(StageConfig config, StageContext context, boolean stagesFollow) {
        StageKind<?> kind = BY_CONFIG.get(config.getClass());
        if (kind == null) {
            throw new IllegalArgumentException("no stage kind in Stages.ALL binds " + config.getClass().getName());
        }
        return kind.build(config, context, stagesFollow);
    }
}
