package io.sleipnir.loki;

/** The retry classification as data: status code in, {@link Outcome} out. Never looks at message text. */
public final class RetryPolicy {
    private final boolean dropRateLimitedBatches;

    public RetryPolicy(boolean dropRateLimitedBatches) {
        this.dropRateLimitedBatches = dropRateLimitedBatches;
    }

    public Outcome classify(PushResponse response) {
        int status = response.status();
        if (response.isConnectionError() || status >= 500) {
            return Outcome.RETRY;
        }
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        if (status == 429) {
            return dropRateLimitedBatches ? Outcome.DROP_RATE_LIMITED : Outcome.RETRY;
        }
        if (status == 413) {
            return Outcome.SPLIT;
        }
        return Outcome.REJECTED;
    }
}
