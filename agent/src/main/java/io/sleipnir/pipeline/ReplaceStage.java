package io.sleipnir.pipeline;

import io.sleipnir.golang.GoTemplate;
import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.StageConfig;
import io.sleipnir.golang.GoMatch;
import io.sleipnir.golang.GoRegex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Promtail's {@code replace} stage: in the line (or extracted {@code source}), every capture group of every match
 * is replaced by the {@code replace} template executed with {@code .Value} = the captured text (and every
 * extracted value by name). The result replaces the line (or the source's value). Each named group is then
 * extracted with its <em>replaced</em> text, taken from the first match.
 *
 * <p>As Promtail's {@code getReplacedEntry} does (with {@code <=} since grafana/loki#4874): groups are taken in
 * order, match after match, and a group is replaced unless it starts before the end of the last replaced group, so
 * adjacent groups and back-to-back matches are all replaced and a group nested in a replaced one is not. A group that
 * did not take part is skipped. No match, a source without text, or a failing template: nothing changes.
 */
final class ReplaceStage implements SimpleStage {
    static final StageKind<Config> KIND = new StageKind<>("replace", Config.class, ReplaceStage::bind,
            (config, context, stagesFollow) -> new ReplaceStage(config));
    private static final Keys KEYS = Keys.of("expression", "source", "replace");

    /** {@code replace}: each capture group of each match replaced by the executed {@code replace} template. */
    record Config(GoRegex expression, String source, GoTemplate replace) implements StageConfig {
        @Override
        public String name() {
            return "replace";
        }

        @Override
        public Object printed() {
            Map<String, Object> body = ConfigPrinter.map("expression", expression.source());
            ConfigPrinter.putIfNotNull(body, "source", source);
            body.put("replace", replace.source());
            return body;
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        return new Config(StageSyntax.requiredRegex(m, "expression"), StageSyntax.optionalSource(m),
                StageSyntax.template(m, "replace"));
    }

    private final GoRegex expression;
    private final String source;
    private final GoTemplate replace;

    ReplaceStage(Config config) {
        this.expression = config.expression();
        this.source = config.source();
        this.replace = config.replace();
    }

    @Override
    public String name() {
        return "replace";
    }

    @Override
    public void apply(PipelineEntry entry) {
        String input = Extracted.input(entry, source);
        if (input == null) {
            return;
        }
        List<GoMatch> matches = new ArrayList<>();
        expression.forEachMatch(input, matches::add);
        if (matches.isEmpty()) {
            return;
        }
        StringBuilder result = new StringBuilder(input.length() + 16);
        Map<String, String> replacedByCaptured = new HashMap<>();
        String[] value = new String[1];
        int previousEnd = 0;
        try {
            for (GoMatch m : matches) {
                for (int i = 1; i <= m.groupCount(); i++) {
                    int start = m.start(i);
                    if (start < 0) {
                        continue;
                    }
                    int end = m.end(i);
                    String captured = input.substring(start, end);
                    value[0] = captured;
                    String replaced = replace.execute(key -> "Value".equals(key) ? value[0]
                            : GoValues.toText(entry.extracted(key)));
                    if (previousEnd <= start) {
                        result.append(input, previousEnd, start).append(replaced);
                        previousEnd = end;
                    }
                    replacedByCaptured.put(captured, replaced);
                }
            }
        } catch (GoTemplate.ExecutionException e) {
            return;
        }
        result.append(input, previousEnd, input.length());
        if (source != null) {
            entry.extract(source, result.toString());
        } else {
            entry.setLine(result.toString());
        }
        GoMatch first = matches.get(0);
        List<String> names = expression.groupNames();
        for (int i = 1; i < names.size(); i++) {
            String name = names.get(i);
            if (name != null) {
                String captured = first.group(i);
                String replaced = replacedByCaptured.get(captured == null ? "" : captured);
                if (replaced != null) {
                    entry.extract(name, replaced);
                }
            }
        }
    }
}
