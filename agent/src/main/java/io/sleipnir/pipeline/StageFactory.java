package io.sleipnir.pipeline;

import io.sleipnir.config.StageConfig;

/**
 * Maps a typed stage config to its stage. Java 17 has no pattern switch over sealed types, so this is an
 * instanceof chain; {@code PipelineTest} walks {@link StageConfig}'s permitted subclasses so that a new
 * config record without a stage fails the build's tests rather than at first use.
 */
final class StageFactory {
    private StageFactory() {
    }

    static Stage create(StageConfig config, StageContext context) {
        return create(config, context, true);
    }

    /** @param stagesFollow whether later stages may read the extracted values this stage sets */
    static Stage create(StageConfig config, StageContext context, boolean stagesFollow) {
        if (config instanceof StageConfig.Cri cri) {
            return new CriStage(cri, context, PartialLines.DEFAULT_MAX_BUFFERED_BYTES, stagesFollow);
        }
        if (config instanceof StageConfig.Docker) {
            return new DockerStage(context, PartialLines.DEFAULT_MAX_BUFFERED_BYTES, stagesFollow);
        }
        if (config instanceof StageConfig.Regex c) {
            return new RegexStage(c, context);
        }
        if (config instanceof StageConfig.Json c) {
            return new JsonStage(c, context);
        }
        if (config instanceof StageConfig.Logfmt c) {
            return new LogfmtStage(c);
        }
        if (config instanceof StageConfig.Replace c) {
            return new ReplaceStage(c);
        }
        if (config instanceof StageConfig.Template c) {
            return new TemplateStage(c);
        }
        if (config instanceof StageConfig.Output c) {
            return new OutputStage(c);
        }
        if (config instanceof StageConfig.ExtractedLabels c) {
            return LabelsStage.labels(c);
        }
        if (config instanceof StageConfig.StructuredMetadata c) {
            return LabelsStage.structuredMetadata(c);
        }
        if (config instanceof StageConfig.StaticLabels c) {
            return LabelSetStages.staticLabels(c);
        }
        if (config instanceof StageConfig.LabelDrop c) {
            return LabelSetStages.labelDrop(c);
        }
        if (config instanceof StageConfig.LabelAllow c) {
            return LabelSetStages.labelAllow(c);
        }
        if (config instanceof StageConfig.Tenant c) {
            return new TenantStage(c);
        }
        if (config instanceof StageConfig.Decolorize) {
            return new DecolorizeStage();
        }
        if (config instanceof StageConfig.Pack c) {
            return new PackStage(c, context);
        }
        if (config instanceof StageConfig.Timestamp c) {
            return new TimestampStage(c, context);
        }
        if (config instanceof StageConfig.Match c) {
            return new MatchStage(c, context);
        }
        if (config instanceof StageConfig.Drop c) {
            return new DropStage(c, context);
        }
        if (config instanceof StageConfig.Limit c) {
            return new LimitStage(c, context);
        }
        if (config instanceof StageConfig.Sampling c) {
            return new SamplingStage(c, context);
        }
        if (config instanceof StageConfig.Multiline c) {
            return new MultilineStage(c, context);
        }
        if (config instanceof StageConfig.Metrics c) {
            return new MetricsStage(c, context);
        }
        throw new IllegalArgumentException("no stage implements " + config.getClass().getSimpleName());
    }
}
