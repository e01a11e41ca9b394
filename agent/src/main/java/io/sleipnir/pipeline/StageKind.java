package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.StageConfig;
import io.sleipnir.config.StageYaml;

/**
 * One stage kind as {@link Stages} lists it: the name a config uses, how its YAML binds to its config record
 * (validation and compiling included, so problems carry file:line:column), and how the record builds the running
 * stage. Each stage's file declares its kind next to its record and its code.
 *
 * @param configType the record {@link Binder#bind} returns, which {@link #build} accepts
 */
record StageKind<C extends StageConfig>(String name, Class<C> configType, Binder<C> binder, Builder<C> builder) {

    /** Binds the YAML of one stage of this kind. */
    interface Binder<C> {
        C bind(StageYaml stage) throws ConfigException;
    }

    /** Builds the running stage from its record. */
    interface Builder<C> {
        /** @param stagesFollow whether later stages may read the extracted values this stage sets */
        Stage build(C config, StageContext context, boolean stagesFollow);
    }

    Stage build(StageConfig config, StageContext context, boolean stagesFollow) {
        return builder.build(configType.cast(config), context, stagesFollow);
    }
}
