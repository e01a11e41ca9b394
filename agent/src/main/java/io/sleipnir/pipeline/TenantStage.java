package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.sleipnir.config.StageConfig;

/**
 * Promtail's {@code tenant} stage: sets the reserved label {@code __tenant_id__} (which the client sends as
 * {@code X-Scope-OrgID} and strips from the stream) from a fixed value, an extracted value or another label. An
 * absent or empty tenant changes nothing.
 */
final class TenantStage implements SimpleStage {
    static final StageKind<Config> KIND = new StageKind<>("tenant", Config.class, TenantStage::bind,
            (config, context, stagesFollow) -> new TenantStage(config));
    private static final Keys KEYS = Keys.of("source", "value", "label");

    /** {@code tenant}: exactly one of source (extracted name), value (fixed) or label (label name) is non-null. */
    record Config(String source, String value, String label) implements StageConfig {
        @Override
        public String name() {
            return "tenant";
        }

        @Override
        public Object printed() {
            Map<String, Object> body = new LinkedHashMap<>();
            ConfigPrinter.putIfNotNull(body, "source", source);
            ConfigPrinter.putIfNotNull(body, "value", value);
            ConfigPrinter.putIfNotNull(body, "label", label);
            return body;
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        String found = null;
        for (String key : List.of("source", "value", "label")) {
            String v = m.string(key, "");
            if (v.isEmpty()) {
                continue;
            }
            if (found != null) {
                throw m.error(key, "\"" + found + "\" and \"" + key + "\" are mutually exclusive: set exactly one of"
                        + " source, value or label");
            }
            found = key;
        }
        if (found == null) {
            throw m.converter().error(m.node(), m.path(), "one of source, value or label is required");
        }
        String source = m.string("source", "");
        String value = m.string("value", "");
        String label = m.string("label", "");
        return new Config(source.isEmpty() ? null : source, value.isEmpty() ? null : value,
                label.isEmpty() ? null : label);
    }

    static final String TENANT_LABEL = "__tenant_id__";

    private final Config config;

    TenantStage(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "tenant";
    }

    @Override
    public void apply(PipelineEntry entry) {
        String tenant;
        if (config.value() != null) {
            tenant = config.value();
        } else if (config.source() != null) {
            tenant = GoValues.toText(entry.extracted(config.source()));
        } else {
            tenant = entry.labels().get(config.label());
        }
        if (tenant != null && !tenant.isEmpty()) {
            entry.setLabels(entry.labels().with(TENANT_LABEL, tenant));
        }
    }
}
