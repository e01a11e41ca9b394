package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.StageConfig;
import io.sleipnir.model.Labels;
import java.util.List;
import java.util.TreeMap;

/**
 * Promtail's {@code pack} stage: the line becomes a JSON object of the named extracted values (labels are in the
 * extracted map too) plus the line under {@code _entry}: {@code {"app":"shop","level":"info","_entry":"the line"}},
 * names sorted and {@code _entry} last, as Promtail's {@code Packed.MarshalJSON} writes it. A packed name that is
 * a label is removed from the stream. With {@code ingest_timestamp} (the default) the timestamp becomes now.
 * A name that is absent or has no text (a JSON null) is left out.
 */
final class PackStage implements SimpleStage {
    static final StageKind<Config> KIND = new StageKind<>("pack", Config.class, PackStage::bind,
            (config, context, stagesFollow) -> new PackStage(config, context));
    private static final Keys KEYS = Keys.of("labels", "ingest_timestamp");

    /** {@code pack}: extracted names (labels included) to pack with the line; ingest_timestamp defaults to true. */
    record Config(List<String> labels, boolean ingestTimestamp) implements StageConfig {
        Config {
            labels = List.copyOf(labels);
        }

        @Override
        public String name() {
            return "pack";
        }

        @Override
        public Object printed() {
            return ConfigPrinter.map("labels", labels, "ingest_timestamp", ingestTimestamp);
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        return new Config(m.stringList("labels"), m.bool("ingest_timestamp", true));
    }

    static final String ENTRY_KEY = "_entry";

    private final List<String> names;
    private final boolean ingestTimestamp;
    private final StageContext context;

    PackStage(Config config, StageContext context) {
        this.names = List.copyOf(new java.util.TreeSet<>(config.labels()));
        this.ingestTimestamp = config.ingestTimestamp();
        this.context = context;
    }

    @Override
    public String name() {
        return "pack";
    }

    @Override
    public void apply(PipelineEntry entry) {
        TreeMap<String, String> packed = new TreeMap<>();
        for (String name : names) {
            if (entry.hasExtracted(name)) {
                String value = GoValues.toText(entry.extracted(name));
                if (value != null) {
                    packed.put(name, value);
                }
            }
        }
        StringBuilder json = new StringBuilder(entry.line().length() + 32 * packed.size() + 16).append('{');
        Labels labels = entry.labels();
        for (var e : packed.entrySet()) {
            GoValues.writeStringObjectField(e.getKey(), e.getValue(), json);
            json.append(',');
            labels = labels.without(e.getKey());
        }
        GoValues.writeStringObjectField(ENTRY_KEY, entry.line(), json);
        entry.setLine(json.append('}').toString());
        entry.setLabels(labels);
        if (ingestTimestamp) {
            java.time.Instant now = context.clock().instant();
            entry.setTimestampNanos(now.getEpochSecond() * 1_000_000_000L + now.getNano());
        }
    }
}
