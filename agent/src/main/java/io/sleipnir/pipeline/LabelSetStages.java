package io.sleipnir.pipeline;

import java.util.List;
import java.util.TreeMap;
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
    static final StageKind<StaticLabels> STATIC_LABELS = new StageKind<>("static_labels", StaticLabels.class,
            stage -> new StaticLabels(stage.converter().nullableStringMap(stage.entry(), stage.path(), true)),
            (config, context, stagesFollow) -> staticLabels(config));
    static final StageKind<LabelDrop> LABEL_DROP = new StageKind<>("labeldrop", LabelDrop.class,
            stage -> new LabelDrop(stage.converter().stringList(stage.entry().value(), stage.path())),
            (config, context, stagesFollow) -> labelDrop(config));
    static final StageKind<LabelAllow> LABEL_ALLOW = new StageKind<>("labelallow", LabelAllow.class,
            stage -> new LabelAllow(stage.converter().stringList(stage.entry().value(), stage.path())),
            (config, context, stagesFollow) -> labelAllow(config));

    /** {@code static_labels}: fixed labels; an empty value adds nothing, as in Promtail. */
    record StaticLabels(Map<String, String> labels) implements StageConfig {
        StaticLabels {
            labels = Map.copyOf(labels);
        }

        @Override
        public String name() {
            return "static_labels";
        }

        @Override
        public Object printed() {
            return new TreeMap<>(labels);
        }
    }

    /** {@code labeldrop}: label names to remove. */
    record LabelDrop(List<String> names) implements StageConfig {
        LabelDrop {
            names = List.copyOf(names);
        }

        @Override
        public String name() {
            return "labeldrop";
        }

        @Override
        public Object printed() {
            return names;
        }
    }

    /** {@code labelallow}: the only label names to keep. */
    record LabelAllow(List<String> names) implements StageConfig {
        LabelAllow {
            names = List.copyOf(names);
        }

        @Override
        public String name() {
            return "labelallow";
        }

        @Override
        public Object printed() {
            return names;
        }
    }

    private static final int MAX_CACHED = 4096;

    private LabelSetStages() {
    }

    static Stage staticLabels(StaticLabels config) {
        Map<String, String> add = new HashMap<>();
        config.labels().forEach((name, value) -> {
            if (!value.isEmpty()) {
                add.put(name, value);
            }
        });
        Labels toAdd = Labels.of(add);
        return new Cached("static_labels", labels -> labels.merge(toAdd));
    }

    static Stage labelDrop(LabelDrop config) {
        Set<String> drop = Set.copyOf(config.names());
        return new Cached("labeldrop", labels -> {
            Labels out = labels;
            for (String name : drop) {
                out = out.without(name);
            }
            return out;
        });
    }

    static Stage labelAllow(LabelAllow config) {
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
