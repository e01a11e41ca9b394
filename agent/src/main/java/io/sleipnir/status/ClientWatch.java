package io.sleipnir.status;

import io.sleipnir.loki.ClientStatus;
import io.sleipnir.loki.LokiClient;
import io.sleipnir.loki.PushSender;
import io.sleipnir.loki.RetryPolicy;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.status.PushTracker.TenantPushStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * The agent's clients as the status page and the {@code sleipnir_client_*} gauges see them. Use: wrap each client's
 * sender with {@link #track} before the client is made, then {@link #add} the client, in the same order.
 */
public final class ClientWatch {
    private final Clock clock;
    private final int maxTenants;
    private final List<PushTracker> trackers = new ArrayList<>();
    private final List<LokiClient> clients = new ArrayList<>();

    /** @param maxTenants {@code limits_config.max_tenants}: the most tenants each client's watch remembers */
    public ClientWatch(Clock clock, int maxTenants) {
        this.clock = clock;
        this.maxTenants = maxTenants;
    }

    /** The sender to give the next client: {@code sender}, with its pushes and answers watched. */
    public PushSender track(PushSender sender, boolean dropRateLimitedBatches) {
        PushTracker tracker = new PushTracker(sender, new RetryPolicy(dropRateLimitedBatches), clock,
                maxTenants);
        trackers.add(tracker);
        return tracker;
    }

    /** The client made with the sender {@link #track} returned last. */
    public void add(LokiClient client) {
        if (clients.size() != trackers.size() - 1) {
            throw new IllegalStateException("track a client's sender, then add the client");
        }
        clients.add(client);
    }

    /** Registers the per-client and per-tenant gauges; they read the clients at each scrape. */
    public void registerMetrics(AgentMetrics metrics) {
        registerMetrics(metrics, () -> this);
    }

    /**
     * The same gauges, registered once, reading whichever watch {@code current} gives at each scrape: the clients
     * of the running configuration, across config reloads.
     */
    public static void registerMetrics(AgentMetrics metrics, java.util.function.Supplier<ClientWatch> current) {
        metrics.registerClientBytes(() -> current.get().perHost(ClientStatus::heldBytes),
                () -> current.get().perHost(ClientStatus::budgetBytes));
        metrics.registerClientPushes(() -> current.get().perTenant(t -> t.retrying() ? 1 : 0, Math::max),
                () -> current.get().perTenant(TenantPushStatus::inFlight, Integer::sum));
    }

    /** Every client with its tenants' pushes, now. */
    public List<ClientView> views() {
        List<ClientView> out = new ArrayList<>(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            out.add(new ClientView(clients.get(i).status(), trackers.get(i).tenants()));
        }
        return out;
    }

    /** A client figure per {@code host} label; two clients of one host add up, as in Promtail's metrics. */
    private Map<String, Long> perHost(ToLongFunction<ClientStatus> figure) {
        Map<String, Long> out = new TreeMap<>();
        for (LokiClient c : clients) {
            ClientStatus s = c.status();
            out.merge(s.host(), figure.applyAsLong(s), Long::sum);
        }
        return out;
    }

    /** A per-tenant push figure keyed by [host, tenant], two clients of one host combined with {@code merge}. */
    private Map<List<String>, Integer> perTenant(ToIntFunction<TenantPushStatus> figure,
            BinaryOperator<Integer> merge) {
        Map<List<String>, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            String host = clients.get(i).host();
            for (TenantPushStatus t : trackers.get(i).tenants()) {
                out.merge(List.of(host, t.tenant()), figure.applyAsInt(t), merge);
            }
        }
        return out;
    }
}
