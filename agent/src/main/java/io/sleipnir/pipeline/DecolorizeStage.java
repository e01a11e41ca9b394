package io.sleipnir.pipeline;

import java.util.regex.Pattern;

/**
 * Promtail's {@code decolorize} stage: removes ANSI escape sequences (colours, cursor movement) from the line,
 * with the same pattern as Loki's decolorizer (the widely used {@code ansi-regex}).
 */
final class DecolorizeStage implements SimpleStage {
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
