package io.sleipnir.status;

import io.sleipnir.loki.ClientStatus;
import io.sleipnir.status.PushTracker.TenantPushStatus;
import java.util.List;

/** One client as the targets page shows it: its bytes held against the budget, and each tenant's pushes. */
public record ClientView(ClientStatus client, List<TenantPushStatus> tenants) {
    public ClientView {
        tenants = List.copyOf(tenants);
    }

    /** True when a tenant's last push failed with an answer that is retried. */
    public boolean retrying() {
        return tenants.stream().anyMatch(TenantPushStatus::retrying);
    }
}
