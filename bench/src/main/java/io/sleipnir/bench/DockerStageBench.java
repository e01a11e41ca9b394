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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code docker} stage per line, through the public {@link Pipeline}: Jackson streaming parse of the
 * json-file record (JSON-escaped payload), RFC 3339 time, {@code stream} label (cached), trailing {@code \n}
 * removed. Every record is complete (no 16 KiB splits).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class DockerStageBench {
    private static final int LINES = 4096;

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
            input[i] = LogEntry.of(gen.nanosAt(i), gen.dockerLine(), files[i % files.length], Delivery.NONE);
        }
        AgentMetrics metrics = new AgentMetrics();
        pipeline = Pipeline.build("bench", List.of(new StageConfig.Docker()), sink, metrics, Clock.systemUTC());
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
        double bad = metrics.badInput.labels("malformed_docker").get();
        if (bad != 0) {
            throw new IllegalStateException(bad + " generated lines were malformed for the stage");
        }
    }

    @Benchmark
    public void dockerLine(Blackhole blackhole) throws InterruptedException {
        sink.blackhole = blackhole;
        pipeline.accept(input[next++ & (LINES - 1)]);
    }
}
