package io.sleipnir.loki;

/** What a client does with a batch after one answer; see {@link RetryPolicy}. */
public enum Outcome {
    /** 2xx (including Loki's 260 ingestion block): acknowledged. */
    DELIVERED,
    /** 429, 5xx, or a connection error/timeout: send again after a backoff. */
    RETRY,
    /** 429 with {@code drop_rate_limited_batches}: dropped as rate_limited. */
    DROP_RATE_LIMITED,
    /** 413: split the batch in halves and send each; a single entry is dropped. */
    SPLIT,
    /** Any other status: final, not retried (a 400 may have been partially stored, so a resend would duplicate). */
    REJECTED
}
