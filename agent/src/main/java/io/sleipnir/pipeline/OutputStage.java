package io.sleipnir.pipeline;

import io.sleipnir.config.StageConfig;

/**
 * Promtail's {@code output} stage: the line becomes the extracted value {@code source}, converted to text. An
 * absent source, or a value without text (a JSON null), leaves the line unchanged.
 */
final class OutputStage implements SimpleStage {
    private final String source;

    OutputStage(StageConfig.Output config) {
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
