package io.sleipnir.pipeline;

import io.sleipnir.golang.GoRegex;
import io.sleipnir.config.GoTemplate;
import io.sleipnir.config.StageConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Promtail's {@code replace} stage: in the line (or extracted {@code source}), every capture group of every match
 * is replaced by the {@code replace} template executed with {@code .Value} = the captured text (and every
 * extracted value by name). The result replaces the line (or the source's value). Each named group is then
 * extracted with its <em>replaced</em> text, taken from the first match.
 *
 * <p>Reproduced quirk of Promtail's implementation: a group that starts exactly where the previous replaced group
 * ended (adjacent groups such as {@code (a)(b)}) keeps its original text, and nested groups are not replaced
 * inside their parent. No match, a source without text, or a failing template: nothing changes.
 */
final class ReplaceStage implements SimpleStage {
    private final GoRegex expression;
    private final String source;
    private final GoTemplate replace;

    ReplaceStage(StageConfig.Replace config) {
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
        Matcher m = expression.matcher(input);
        if (!m.find()) {
            return;
        }
        int groups = m.groupCount();
        String[] firstMatch = new String[groups + 1];
        for (int i = 1; i <= groups; i++) {
            String g = m.group(i);
            firstMatch[i] = g == null ? "" : g;
        }
        StringBuilder result = new StringBuilder(input.length() + 16);
        Map<String, String> replacedByCaptured = new HashMap<>();
        String[] value = new String[1];
        int previousEnd = 0;
        try {
            do {
                for (int i = 1; i <= groups; i++) {
                    int start = m.start(i);
                    if (start < 0) {
                        continue;
                    }
                    int end = m.end(i);
                    String captured = input.substring(start, end);
                    value[0] = captured;
                    String replaced = replace.execute(key -> "Value".equals(key) ? value[0]
                            : GoValues.toText(entry.extracted(key)));
                    if (previousEnd == 0 || previousEnd < start) {
                        result.append(input, previousEnd, start).append(replaced);
                        previousEnd = end;
                    }
                    replacedByCaptured.put(captured, replaced);
                }
            } while (m.find());
        } catch (GoTemplate.ExecutionException e) {
            return;
        }
        result.append(input, previousEnd, input.length());
        if (source != null) {
            entry.extract(source, result.toString());
        } else {
            entry.setLine(result.toString());
        }
        List<String> names = expression.groupNames();
        for (int i = 1; i < names.size(); i++) {
            String name = names.get(i);
            if (name != null) {
                String replaced = replacedByCaptured.get(firstMatch[i]);
                if (replaced != null) {
                    entry.extract(name, replaced);
                }
            }
        }
    }
}
