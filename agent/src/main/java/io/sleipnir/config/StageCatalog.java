package io.sleipnir.config;

/**
 * The stage kinds a {@code pipeline_stages} list may name. The binder finds each stage's map and its one key; the
 * catalog binds the body by name, or explains why there is no such stage. The agent's catalog is the explicit list
 * in {@code io.sleipnir.pipeline.Stages}; this package does not depend on it: {@link ConfigLoader} is given a catalog,
 * or uses the one installed as a service ({@code META-INF/services}).
 */
public interface StageCatalog {

    /** Binds one stage; {@link StageYaml#name()} is the key the user wrote. */
    StageConfig bind(StageYaml stage) throws ConfigException;

    /** The catalog this jar installs (the pipeline's stage list), looked up once. */
    static StageCatalog installed() {
        return InstalledStageCatalog.CATALOG;
    }
}
