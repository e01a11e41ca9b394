package io.sleipnir.pipeline;

import io.sleipnir.config.StageConfig;
import io.sleipnir.model.Labels;
import java.util.Map;

/**
 * Promtail's {@code labels} and {@code structured_metadata} stages: each configured name gets the text of its
 * extracted source, as a stream label or as structured metadata. A source that is absent or has no text (a JSON
 * null) sets nothing. Names were validated as label names when the config was bound.
 */
final class LabelsStage implements SimpleStage {
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

    static LabelsStage labels(StageConfig.ExtractedLabels config) {
        return new LabelsStage("labels", config.labels(), false);
    }

    static LabelsStage structuredMetadata(StageConfig.StructuredMetadata config) {
        return new LabelsStage("structured_metadata", config.labels(), true);
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
