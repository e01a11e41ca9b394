package io.sleipnir.pipeline;

import java.util.TreeMap;
import io.sleipnir.config.StageConfig;
import io.sleipnir.model.Labels;
import java.util.Map;

/**
 * Promtail's {@code labels} and {@code structured_metadata} stages: each configured name gets the text of its
 * extracted source, as a stream label or as structured metadata. A source that is absent or has no text (a JSON
 * null) sets nothing. Names were validated as label names when the config was bound.
 */
final class LabelsStage implements SimpleStage {
    static final StageKind<ExtractedLabels> LABELS = new StageKind<>("labels", ExtractedLabels.class,
            stage -> new ExtractedLabels(StageSyntax.labelSources(stage.converter(), stage.entry(), stage.path())),
            (config, context, stagesFollow) -> new LabelsStage("labels", config.labels(), false));
    static final StageKind<StructuredMetadata> STRUCTURED_METADATA = new StageKind<>("structured_metadata",
            StructuredMetadata.class,
            stage -> new StructuredMetadata(StageSyntax.labelSources(stage.converter(), stage.entry(), stage.path())),
            (config, context, stagesFollow) -> new LabelsStage("structured_metadata", config.labels(), true));

    /** {@code labels}: label name to extracted name (an empty source in the file is already the label name). */
    record ExtractedLabels(Map<String, String> labels) implements StageConfig {
        ExtractedLabels {
            labels = Map.copyOf(labels);
        }

        @Override
        public String name() {
            return "labels";
        }

        @Override
        public Object printed() {
            return new TreeMap<>(labels);
        }
    }

    /** {@code structured_metadata} (alias {@code non_indexed_labels}): like {@code labels}, into metadata. */
    record StructuredMetadata(Map<String, String> labels) implements StageConfig {
        StructuredMetadata {
            labels = Map.copyOf(labels);
        }

        @Override
        public String name() {
            return "structured_metadata";
        }

        @Override
        public Object printed() {
            return new TreeMap<>(labels);
        }
    }

    private final String stageName;
    private final String[] names;
    private final String[] sources;
    private final boolean structuredMetadata;

    private LabelsStage(String stageName, Map<String, String> sourceByName, boolean structuredMetadata) {
        this.stageName = stageName;
        this.names = sourceByName.keySet().stream().sorted().toArray(String[]::new);
        this.sources = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            sources[i] = sourceByName.get(names[i]);
        }
        this.structuredMetadata = structuredMetadata;
    }

    @Override
    public String name() {
        return stageName;
    }

    @Override
    public void apply(PipelineEntry entry) {
        Labels target = structuredMetadata ? entry.structuredMetadata() : entry.labels();
        for (int i = 0; i < names.length; i++) {
            String value = GoValues.toText(entry.extracted(sources[i]));
            if (value != null) {
                target = target.with(names[i], value);
            }
        }
        if (structuredMetadata) {
            entry.setStructuredMetadata(target);
        } else {
            entry.setLabels(target);
        }
    }
}
