package io.sleipnir.pipeline;

import io.sleipnir.config.ConfigException;
import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.config.StageYaml;
import io.sleipnir.config.MappingReader;
import io.sleipnir.config.ConfigPrinter;
import io.sleipnir.config.StageConfig;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Promtail's {@code sampling} stage (Jaeger's probabilistic sampler): keeps an entry when a random non-zero 63-bit
 * number is at most {@code rate × (2^63 - 1)}; drops the others ({@code logentry_dropped_lines_total{reason}},
 * {@code sampling_stage} by default). Rate 1 keeps everything, rate 0 nothing.
 */
final class SamplingStage implements Stage {
    static final StageKind<Config> KIND = new StageKind<>("sampling", Config.class, SamplingStage::bind,
            (config, context, stagesFollow) -> new SamplingStage(config, context));
    private static final Keys KEYS = Keys.of("rate", "drop_counter_reason");

    /** {@code sampling}: keeps each entry with probability {@code rate}. */
    record Config(double rate, String dropCounterReason) implements StageConfig {
        @Override
        public String name() {
            return "sampling";
        }

        @Override
        public Object printed() {
            return ConfigPrinter.map("rate", rate, "drop_counter_reason", dropCounterReason);
        }
    }

    private static Config bind(StageYaml stage) throws ConfigException {
        MappingReader m = stage.mapping(KEYS);
        if (m.value("rate") == null) {
            throw m.missing("rate");
        }
        double rate = m.number("rate", 0);
        if (rate < 0 || rate > 1) {
            throw m.error("rate", "must be between 0.0 and 1.0");
        }
        return new Config(rate, StageSyntax.orDefault(m.string("drop_counter_reason", ""), "sampling_stage"));
    }

    private final long boundary;
    private final String reason;
    private final StageContext context;
    private final RandomGenerator random;

    SamplingStage(Config config, StageContext context) {
        this(config, context, new SplittableRandom());
    }

    /** @param random seed it in tests for a repeatable selection */
    SamplingStage(Config config, StageContext context, RandomGenerator random) {
        // Java's double-to-long conversion saturates where Go's uint64 conversion would exceed 2^63-1: same result.
        this.boundary = (long) ((double) Long.MAX_VALUE * config.rate());
        this.reason = config.dropCounterReason();
        this.context = context;
        this.random = random;
    }

    @Override
    public String name() {
        return "sampling";
    }

    @Override
    public void process(PipelineEntry entry, StageSink next) throws InterruptedException {
        long id;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
        } while (id == 0);
        if (boundary >= id) {
            next.accept(entry);
        } else {
            context.drop(entry, reason);
        }
    }
}
