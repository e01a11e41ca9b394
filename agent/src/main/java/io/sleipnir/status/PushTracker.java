package io.sleipnir.status;

import io.sleipnir.loki.Outcome;
import io.sleipnir.loki.PushRequestBody;
import io.sleipnir.loki.PushResponse;
import io.sleipnir.loki.PushSender;
import io.sleipnir.loki.RetryPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches one client's pushes on their way to Loki, for the status page and the client gauges: per tenant, the
 * pushes in flight and whether the last answer asks for a retry (since when, how many tries, with what error). It
 * wraps the client's {@link PushSender}, so it sees every push and answer without reaching into the client.
 *
 * <p>It remembers at most {@code maxTenants} tenants, the client's own cap on open tenants: a push of a new tenant
 * past it forgets the settled tenant (nothing in flight, not retrying) that was answered longest ago. A tenant with a
 * push in flight or retrying is always kept; the client has at most {@code maxTenants} of those open.
 */
public final class PushTracker implements PushSender {
    /** Loki's answer is cut to this many characters on the page. */
    static final int MAX_ERROR_CHARS = 256;

    private final PushSender delegate;
    private final RetryPolicy policy;
    private final Clock clock;
    private final int maxTenants;
    private final Map<String, TenantState> tenants = new ConcurrentHashMap<>();

    public PushTracker(PushSender delegate, RetryPolicy policy, Clock clock, int maxTenants) {
        this.delegate = delegate;
        this.policy = policy;
        this.clock = clock;
        this.maxTenants = maxTenants;
    }

    @Override
    public CompletableFuture<PushResponse> send(PushRequestBody body) {
        TenantState state = tenants.get(body.tenant());
        if (state == null) {
            state = new TenantState(clock.instant());
            tenants.put(body.tenant(), state);
            if (tenants.size() > maxTenants) {
                forgetOneSettled(body.tenant());
            }
        }
        TenantState watched = state;
        watched.started();
        return delegate.send(body).whenComplete((response, error) -> watched.answered(response, policy, clock));
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Forgets the settled tenant answered longest ago. Sends come from the client's one sending thread, so no push
     * of the tenant can start meanwhile; an answer cannot come for a tenant with nothing in flight.
     */
    private void forgetOneSettled(String keep) {
        String oldest = null;
        Instant oldestAt = null;
        for (Map.Entry<String, TenantState> e : tenants.entrySet()) {
            Instant at = e.getValue().settledSince();
            if (at != null && !e.getKey().equals(keep) && (oldestAt == null || at.isBefore(oldestAt))) {
                oldest = e.getKey();
                oldestAt = at;
            }
        }
        if (oldest != null) {
            tenants.remove(oldest);
        }
    }

    /** Per tenant that was pushed to, its state now, sorted by tenant. */
    public List<TenantPushStatus> tenants() {
        List<TenantPushStatus> out = new ArrayList<>();
        tenants.forEach((tenant, state) -> out.add(state.status(tenant)));
        out.sort((a, b) -> a.tenant().compareTo(b.tenant()));
        return out;
    }

    /**
     * One tenant's pushes.
     *
     * @param inFlight     pushes sent and not answered
     * @param retrying     true when the last answer was a connection error, a timeout, 429 or 5xx
     * @param failingSince when the first of the current run of failed tries was answered; null while delivering
     * @param failedTries  failed tries since the last delivered push
     * @param lastError    the last failure: {@code HTTP 500: <Loki's answer>} or the connection error; "" when none
     * @param lastDelivered when a push of this tenant was last acknowledged; null when never
     */
    public record TenantPushStatus(String tenant, int inFlight, boolean retrying, Instant failingSince,
                                   int failedTries, String lastError, Instant lastDelivered) {
    }

    private static final class TenantState {
        private Instant lastActivity;
        private int inFlight;
        private Instant failingSince;
        private int failedTries;
        private String lastError = "";
        private Instant lastDelivered;
        private boolean retrying;

        TenantState(Instant created) {
            this.lastActivity = created;
        }

        synchronized void started() {
            inFlight++;
        }

        /** When it last became idle (its last answer), or null while a push is in flight or being retried. */
        synchronized Instant settledSince() {
            return inFlight > 0 || retrying ? null : lastActivity;
        }

        synchronized void answered(PushResponse response, RetryPolicy policy, Clock clock) {
            inFlight--;
            Instant now = clock.instant();
            lastActivity = now;
            PushResponse r = response != null ? response : PushResponse.connectionError("no answer");
            Outcome outcome = policy.classify(r);
            if (outcome == Outcome.DELIVERED) {
                failingSince = null;
                failedTries = 0;
                retrying = false;
                lastDelivered = now;
                return;
            }
            retrying = outcome == Outcome.RETRY;
            if (retrying) {
                if (failingSince == null) {
                    failingSince = now;
                }
                failedTries++;
            }
            String detail = r.body() == null ? "" : r.body().strip();
            if (detail.length() > MAX_ERROR_CHARS) {
                detail = detail.substring(0, MAX_ERROR_CHARS) + "...";
            }
            lastError = r.isConnectionError() ? detail : "HTTP " + r.status() + (detail.isEmpty() ? "" : ": " + detail);
        }

        synchronized TenantPushStatus status(String tenant) {
            return new TenantPushStatus(tenant, inFlight, retrying, failingSince, failedTries, lastError,
                    lastDelivered);
        }
    }
}
