package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.StageConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Promtail's {@code limit} stage: a token bucket of {@code rate} entries per second holding at most {@code burst}
 * (full at start, as Go's {@code rate.Limiter}), on the injected clock. With {@code drop: true} an entry that finds
 * no token is dropped ({@code logentry_dropped_lines_total{reason="ratelimit_drop_stage"}}); without it the reader
 * thread waits for its token, which is back-pressure all the way to the files (the wait is interruptible). With
 * {@code by_label_name} each value of that label has its own bucket (entries without the label pass); at most
 * {@code max_distinct_labels} buckets are kept, least recently used out.
 */
final class LimitStage implements Stage {
    static final StageKind<Config> KIND = new StageKind<>("limit", Config.class, LimitStage::bind,
            (config, context, stagesFollow) -> new LimitStage(config, context));
    private static final Keys KEYS = Keys.of("rate", "burst", "drop", "by_label_name", "max_distinct_labels");
    /** Promtail's limit stage raises smaller values to this (with a warning); so do we. */
    static final int MIN_MAX_DISTINCT_LABELS = 10_000;

    /** {@code limit}: a token bucket of {@code rate} per second and {@code burst}; blocks unless {@code drop}. */
    record Config(double rate, int burst, boolean drop, String byLabelName, int maxDistinctLabels)
            implements StageConfig {
        @Override
        public String name() {
            return "limit";
        }

        @Override
        public Object printed() {
            Map<String, Object> body = ConfigPrinter.map("rate", rate, "burst", burst, "drop", drop);
            ConfigPrinter.putIfNotNull(body, "by_label_name", byLabelName);
            body.put("max_distinct_labels", maxDistinctLabels);
            return body;
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        double rate = m.number("rate", 0);
        long burst = m.integer("burst", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (rate <= 0) {
            throw m.has("rate") ? m.error("rate", "must be greater than 0") : m.missing("rate");
        }
        if (burst <= 0) {
            throw m.has("burst") ? m.error("burst", "must be greater than 0") : m.missing("burst");
        }
        boolean drop = m.bool("drop", false);
        String byLabel = m.string("by_label_name", "");
        if (!byLabel.isEmpty() && !drop) {
            throw m.error("by_label_name", "by_label_name requires drop: true (a per-label limit cannot hold lines"
                    + " back)");
        }
        long maxDistinct = m.integer("max_distinct_labels", MIN_MAX_DISTINCT_LABELS, 0, Integer.MAX_VALUE);
        return new Config(rate, (int) burst, drop, byLabel.isEmpty() ? null : byLabel,
                (int) Math.max(maxDistinct, MIN_MAX_DISTINCT_LABELS));
    }

    static final String DROP_REASON = "ratelimit_drop_stage";

    /** Waits on behalf of the stage; tests advance their clock instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double ratePerNano;
    private final int burst;
    private final boolean drop;
    private final String byLabelName;
    private final StageContext context;
    private final Clock clock;
    private final Sleeper sleeper;
    private final TokenBucket single;
    private final LinkedHashMap<String, TokenBucket> byLabel;

    LimitStage(Config config, StageContext context) {
        this(config, context, TimeUnit.NANOSECONDS::sleep);
    }

    LimitStage(Config config, StageContext context, Sleeper sleeper) {
        this.ratePerNano = config.rate() / 1e9;
        this.burst = config.burst();
        this.drop = config.drop();
        this.byLabelName = config.byLabelName();
        this.context = context;
        this.clock = context.clock();
        this.sleeper = sleeper;
        int max = config.maxDistinctLabels();
        this.single = byLabelName == null ? new TokenBucket(nowNanos()) : null;
        this.byLabel = byLabelName == null ? null : new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > max;
            }
        };
    }

    @Override
    public String name() {
        return "limit";
    }

    @Override
    public void process(PipelineEntry entry, StageSink next) throws InterruptedException {
        TokenBucket bucket = single;
        if (byLabel != null) {
            String value = entry.labels().get(byLabelName);
            if (value == null) {
                next.accept(entry);
                return;
            }
            bucket = byLabel.get(value);
            if (bucket == null) {
                bucket = new TokenBucket(nowNanos());
                byLabel.put(value, bucket);
            }
        }
        if (drop) {
            if (bucket.tryTake(nowNanos())) {
                next.accept(entry);
            } else {
                context.drop(entry, DROP_REASON);
            }
            return;
        }
        long wait = bucket.reserve(nowNanos());
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
        next.accept(entry);
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Go's rate.Limiter reduced to what the stage uses: Allow and Reserve of one token. */
    private final class TokenBucket {
        private double tokens = burst;
        private long last;

        TokenBucket(long now) {
            this.last = now;
        }

        private void advance(long now) {
            if (now > last) {
                tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
                last = now;
            }
        }

        boolean tryTake(long now) {
            advance(now);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        /** Takes a token, possibly going into debt; returns how long to wait until it is really there. */
        long reserve(long now) {
            advance(now);
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
        }
    }
}
