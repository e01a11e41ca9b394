package io.sleipnir.pipeline;

import io.sleipnir.golang.GoTemplate;
import io.sleipnir.config.StageConfig;

/**
 * Promtail's {@code template} stage: executes the template and stores the result as extracted {@code source}; an
 * empty result removes {@code source}. The template sees every extracted value as text, {@code .Value} (the text
 * of {@code source}, when present) and {@code .Entry} (the line). A failing execution (say, a function given a
 * missing value) changes nothing, as in Promtail.
 */
final class TemplateStage implements SimpleStage {
    private final String source;
    private final GoTemplate template;

    TemplateStage(StageConfig.Template config) {
        this.source = config.source();
        this.template = config.template();
    }

    @Override
    public String name() {
        return "template";
    }

    @Override
    public void apply(PipelineEntry entry) {
        String result;
        try {
            result = template.execute(key -> switch (key) {
                case "Entry" -> entry.line();
                case "Value" -> {
                    String value = GoValues.toText(entry.extracted(source));
                    yield value != null ? value : GoValues.toText(entry.extracted("Value"));
                }
                default -> GoValues.toText(entry.extracted(key));
            });
        } catch (GoTemplate.ExecutionException e) {
            return;
        }
        if (result.isEmpty()) {
            entry.removeExtracted(source);
        } else {
            entry.extract(source, result);
        }
    }
}
