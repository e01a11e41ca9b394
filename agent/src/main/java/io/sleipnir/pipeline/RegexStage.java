package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import java.util.Map;
import io.sleipnir.config.StageConfig;
import io.sleipnir.golang.GoMatch;
import io.sleipnir.golang.GoRegex;
import java.util.List;

/**
 * Promtail's {@code regex} stage: the first match of the expression in the line (or in extracted {@code source})
 * sets one extracted value per named group; a group that did not take part sets "" as Go's
 * {@code FindStringSubmatch} does. No match, or a source that is absent or not convertible to text: nothing changes.
 */
final class RegexStage implements SimpleStage {
    static final StageKind<Config> KIND = new StageKind<>("regex", Config.class, RegexStage::bind,
            (config, context, stagesFollow) -> new RegexStage(config, context));
    private static final Keys KEYS = Keys.of("expression", "source");

    /** {@code regex}: named groups of {@code expression} go to the extracted map. */
    record Config(GoRegex expression, String source) implements StageConfig {
        @Override
        public String name() {
            return "regex";
        }

        @Override
        public Object printed() {
            Map<String, Object> body = ConfigPrinter.map("expression", expression.source());
            ConfigPrinter.putIfNotNull(body, "source", source);
            return body;
        }
    }

    /** Why this stage could not do its work on an entry (see {@link StageFailure}). */
    enum Failure implements StageFailure {
        /** The extracted {@code source} is absent or has no text. */
        SOURCE_MISSING("source_missing"),
        /** The expression does not match. */
        NO_MATCH("no_match");

        private final String reason;

        Failure(String reason) {
            this.reason = reason;
        }

        @Override
        public String reason() {
            return reason;
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        return new Config(StageSyntax.requiredRegex(m, "expression"), StageSyntax.optionalSource(m));
    }

    private final GoRegex expression;
    private final String source;

    private final StageContext context;

    RegexStage(Config config, StageContext context) {
        this.expression = config.expression();
        this.source = config.source();
        this.context = context;
    }

    @Override
    public String name() {
        return "regex";
    }

    @Override
    public void apply(PipelineEntry entry) {
        String input = Extracted.input(entry, source);
        if (input == null) {
            if (context.failed(Failure.SOURCE_MISSING)) {
                context.explain(Failure.SOURCE_MISSING, "source \"" + source + "\" has no text value");
            }
            return;
        }
        GoMatch m = expression.firstMatch(input);
        if (m == null) {
            context.failed(Failure.NO_MATCH, "no match");
            return;
        }
        List<String> names = expression.groupNames();
        for (int i = 1; i < names.size(); i++) {
            String name = names.get(i);
            if (name != null) {
                String value = m.group(i);
                entry.extract(name, value == null ? "" : value);
            }
        }
    }
}
