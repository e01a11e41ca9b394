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
        throw new IllegalArgumentException("no stage implements " + config.getClass().getSimpleName());
    }
}
