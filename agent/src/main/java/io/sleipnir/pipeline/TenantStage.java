package io.sleipnir.pipeline;

import io.sleipnir.config.StageConfig;

/**
 * Promtail's {@code tenant} stage: sets the reserved label {@code __tenant_id__} (which the client sends as
 * {@code X-Scope-OrgID} and strips from the stream) from a fixed value, an extracted value or another label. An
 * absent or empty tenant changes nothing.
 */
final class TenantStage implements SimpleStage {
    static final String TENANT_LABEL = "__tenant_id__";

    private final StageConfig.Tenant config;

    TenantStage(StageConfig.Tenant config) {
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
