package io.sleipnir.loki;

import io.sleipnir.config.LimitsConfig;
import java.time.Duration;

/**
 * The bounds of a client's sending side.
 *
 * @param maxStreams      streams per tenant batch ({@code limits_config.max_streams}, 0: no limit)
 * @param maxTenants      tenants open at once per client ({@code limits_config.max_tenants}, Sleipnir's own key)
 * @param idleTenantAfter a tenant that held nothing for this long is closed (its next entry opens it again)
 */
record SenderLimits(int maxStreams, int maxTenants, Duration idleTenantAfter) {
    static final Duration IDLE_TENANT_AFTER = Duration.ofMinutes(1);

    SenderLimits {
        if (maxTenants < 1) {
            throw new IllegalArgumentException("maxTenants must be at least 1, got " + maxTenants);
        }
    }

    static SenderLimits of(LimitsConfig limits) {
        LimitsConfig l = limits == null ? LimitsConfig.defaults() : limits;
        return new SenderLimits(l.maxStreams(), l.maxTenants(), IDLE_TENANT_AFTER);
    }
}
