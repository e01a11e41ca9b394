package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.StageConfig;
import java.util.regex.Pattern;

/**
 * Promtail's {@code decolorize} stage: removes ANSI escape sequences (colours, cursor movement) from the line,
 * with the same pattern as Loki's decolorizer (the widely used {@code ansi-regex}).
 */
final class DecolorizeStage implements SimpleStage {
    static final StageKind<Config> KIND = new StageKind<>("decolorize", Config.class, DecolorizeStage::bind,
            (config, context, stagesFollow) -> new DecolorizeStage());

    /** {@code decolorize}: no options. */
    record Config() implements StageConfig {
        @Override
        public String name() {
            return "decolorize";
        }

        @Override
        public Object printed() {
            return java.util.Map.of();
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        stage.mapping(Keys.of());
        return new Config();
    }

    private static final Pattern ANSI = Pattern.compile(
            "[\\u001B\\u009B][\\[\\]()#;?]*(?:(?:(?:[a-zA-Z\\d]*(?:;[a-zA-Z\\d]*)*)?\\u0007)"
                    + "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PRZcf-ntqry=><~]))");

    @Override
    public String name() {
        return "decolorize";
    }

    @Override
    public void apply(PipelineEntry entry) {
        String line = entry.line();
        if (line.indexOf('\u001B') < 0 && line.indexOf('\u009B') < 0) {
            return;
        }
        entry.setLine(ANSI.matcher(line).replaceAll(""));
    }
}
