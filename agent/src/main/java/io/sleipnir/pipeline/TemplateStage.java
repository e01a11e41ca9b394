package io.sleipnir.pipeline;

import io.sleipnir.golang.GoTemplate;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.StageConfig;

/**
 * Promtail's {@code template} stage: executes the template and stores the result as extracted {@code source}; an
 * empty result removes {@code source}. The template sees every extracted value as text, {@code .Value} (the text
 * of {@code source}, when present) and {@code .Entry} (the line). A failing execution (say, a function given a
 * missing value) changes nothing, as in Promtail.
 */
final class TemplateStage implements SimpleStage {
    static final StageKind<Config> KIND = new StageKind<>("template", Config.class, TemplateStage::bind,
            (config, context, stagesFollow) -> new TemplateStage(config));
    private static final Keys KEYS = Keys.of("source", "template");

    /** {@code template}: sets extracted {@code source} to the executed template (an empty result removes it). */
    record Config(String source, GoTemplate template) implements StageConfig {
        @Override
        public String name() {
            return "template";
        }

        @Override
        public Object printed() {
            return ConfigPrinter.map("source", source, "template", template.source());
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        return new Config(StageSyntax.requiredSource(m), StageSyntax.template(m, "template"));
    }

    private final String source;
    private final GoTemplate template;

    TemplateStage(Config config) {
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
