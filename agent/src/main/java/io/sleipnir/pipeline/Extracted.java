package io.sleipnir.pipeline;

/** Reading a stage's input the way Promtail's parsing stages do. */
final class Extracted {
    private Extracted() {
    }

    /**
     * The text a stage parses: the line when {@code source} is null, else the extracted value converted with
     * {@link GoValues#toText}. Null (the stage does nothing, as in Promtail) when the source is absent or has no text.
     */
    static String input(PipelineEntry entry, String source) {
        if (source == null) {
            return entry.line();
        }
        return GoValues.toText(entry.extracted(source));
    }
}
