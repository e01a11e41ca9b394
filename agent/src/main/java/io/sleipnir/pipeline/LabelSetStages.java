package io.sleipnir.pipeline;

import io.sleipnir.config.StageConfig;
import io.sleipnir.model.Labels;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The stages that change the label set without reading extracted values: {@code static_labels},
 * {@code labeldrop}, {@code labelallow}. Each keeps a small cache from input label set to result, because a
 * stream's entries share one {@link Labels} instance and rebuilding it per line would cost an allocation and a
 * hash per entry; the cache is cleared when it grows past a bound.
 */
final class LabelSetStages {
    private static final int MAX_CACHED = 4096;

    private LabelSetStages() {
    }

    static Stage staticLabels(StageConfig.StaticLabels config) {
        Map<String, String> add = new HashMap<>();
        config.labels().forEach((name, value) -> {
            if (!value.isEmpty()) {
                add.put(name, value);
            }
        });
        Labels toAdd = Labels.of(add);
        return new Cached("static_labels", labels -> labels.merge(toAdd));
    }

    static Stage labelDrop(StageConfig.LabelDrop config) {
        Set<String> drop = Set.copyOf(config.names());
        return new Cached("labeldrop", labels -> {
            Labels out = labels;
            for (String name : drop) {
                out = out.without(name);
            }
            return out;
        });
    }

    static Stage labelAllow(StageConfig.LabelAllow config) {
        Set<String> allow = new HashSet<>(config.names());
        return new Cached("labelallow", labels -> {
            Labels out = labels;
            for (int i = 0; i < labels.size(); i++) {
                if (!allow.contains(labels.name(i))) {
                    out = out.without(labels.name(i));
                }
            }
            return out;
        });
    }

    private static final class Cached implements SimpleStage {
        private final String name;
        private final java.util.function.UnaryOperator<Labels> change;
        private final HashMap<Labels, Labels> cache = new HashMap<>();

        Cached(String name, java.util.function.UnaryOperator<Labels> change) {
            this.name = name;
            this.change = change;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void apply(PipelineEntry entry) {
            Labels in = entry.labels();
            Labels out = cache.get(in);
            if (out == null) {
                if (cache.size() >= MAX_CACHED) {
                    cache.clear();
                }
                out = change.apply(in);
                cache.put(in, out);
            }
            entry.setLabels(out);
        }
    }
}
