package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.StageConfig;

/**
 * Promtail's {@code output} stage: the line becomes the extracted value {@code source}, converted to text. An
 * absent source, or a value without text (a JSON null), leaves the line unchanged.
 */
final class OutputStage implements SimpleStage {
    static final StageKind<Config> KIND = new StageKind<>("output", Config.class, OutputStage::bind,
            (config, context, stagesFollow) -> new OutputStage(config));

    /** {@code output}: the line becomes the extracted value {@code source}. */
    record Config(String source) implements StageConfig {
        @Override
        public String name() {
            return "output";
        }

        @Override
        public Object printed() {
            return ConfigPrinter.map("source", source);
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        return new Config(StageSyntax.requiredSource(stage.mapping(Keys.of("source"))));
    }

    private final String source;

    OutputStage(Config config) {
        this.source = config.source();
    }

    @Override
    public String name() {
        return "output";
    }

    @Override
    public void apply(PipelineEntry entry) {
        String value = GoValues.toText(entry.extracted(source));
        if (value != null) {
            entry.setLine(value);
        }
    }
}
