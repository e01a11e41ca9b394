package io.sleipnir.bench;

import io.sleipnir.config.StageConfig;
import io.sleipnir.metrics.AgentMetrics;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.pipeline.Pipeline;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code cri} stage per line, through the public {@link Pipeline} (its lock included, uncontended): parse
 * the CRI prefix and RFC 3339 time, add the {@code stream} label (cached), cut the content. With
 * {@code partialPercent=10}, one line in ten is a {@code P} fragment that the stage buffers and joins with the
 * next line of the same stream, so the figure includes the joining.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class CriStageBench {
    private static final int LINES = 4096; // a power of two: the index wraps with a mask

    @Param({"0", "10"})
    public int partialPercent;

    private LogEntry[] input;
    private Pipeline pipeline;
    private final LineSink sink = new LineSink();
    private int next;

    @Setup
    public void setUp() {
        LogLines gen = new LogLines();
        Labels[] files = new Labels[8];
        for (int i = 0; i < files.length; i++) {
            files[i] = LogLines.fileLabels(i);
        }
        input = new LogEntry[LINES];
        for (int i = 0; i < LINES; i++) {
            // A P fragment is never last, so that its F follows before the input wraps around.
            boolean partial = i < LINES - 1 && gen.nextInt(100) < partialPercent;
            input[i] = LogEntry.of(gen.nanosAt(i), gen.criLine(partial ? 'P' : 'F'), files[i % files.length],
                    Delivery.NONE);
        }
        AgentMetrics metrics = new AgentMetrics();
        pipeline = Pipeline.build("bench", List.of(StageConfig.Cri.defaults()), sink, metrics, Clock.systemUTC());
        checkInputParses(metrics);
    }

    /** Runs the input once and fails the trial if the stage rejected any line: that would measure the wrong path. */
    private void checkInputParses(AgentMetrics metrics) {
        sink.blackhole = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        try {
            for (LogEntry entry : input) {
                pipeline.accept(entry);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double bad = metrics.badInput.labels("malformed_cri").get();
        if (bad != 0) {
            throw new IllegalStateException(bad + " generated lines were malformed for the stage");
        }
    }

    @Benchmark
    public void criLine(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        pipeline.accept(input[next++ & (LINES - 1)]);
    }
}
