package io.sleipnir.bench;

import io.sleipnir.model.Labels;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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

/**
 * {@link Labels} operations on a pod file's label set (6 labels, Kubernetes-sized values):
 * {@code ofMap} builds a set from a map (what discovery and relabeling produce once per target);
 * {@code withNewLabel} adds {@code stream} (what a stage does when its cache misses);
 * {@code toLokiStringCached} is the cached text the encoder writes per stream per batch;
 * {@code batcherLookup} finds an equal but not identical set among 10 streams in a LinkedHashMap, which is
 * {@code hashCode} (cached) + {@code equals} (array compare) as the batcher does per entry;
 * {@code equalsDistinctInstance} is that equals alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class LabelsBench {
    private Map<String, String> asMap;
    private Labels labels;
    private Labels equalCopy;
    private Labels otherInstance;
    private final LinkedHashMap<Labels, Object> streams = new LinkedHashMap<>();

    @Setup
    public void setUp() {
        labels = LogLines.fileLabels(3);
        asMap = new HashMap<>(labels.toMap());
        equalCopy = Labels.of(asMap).with("stream", "stdout");
        for (int i = 0; i < 10; i++) {
            streams.put(LogLines.fileLabels(i).with("stream", "stdout"), new Object());
        }
        otherInstance = LogLines.fileLabels(3).with("stream", "stdout");
        labels.toLokiString();
        if (streams.get(equalCopy) == null) {
            throw new IllegalStateException("the lookup must hit");
        }
    }

    @Benchmark
    public Labels ofMap() {
        return Labels.of(asMap);
    }

    @Benchmark
    public Labels withNewLabel() {
        return labels.with("stream", "stdout");
    }

    @Benchmark
    public String toLokiStringCached() {
        return labels.toLokiString();
    }

    @Benchmark
    public Object batcherLookup() {
        return streams.get(equalCopy);
    }

    @Benchmark
    public boolean equalsDistinctInstance() {
        return equalCopy.equals(otherInstance);
    }
}
