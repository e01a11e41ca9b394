package io.sleipnir.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Splitting a read buffer into lines and decoding them, per line: a buffer of {@value #LINES} CRI lines (150 to
 * 200 bytes each, about 70 KiB, the size of one file read) is scanned for {@code '\n'} and each line becomes a
 * String with {@code new String(bytes, off, len, UTF_8)}. This is the generic approach; the agent's tailer
 * ({@code io.sleipnir.tail}) was not in this tree when the benchmark was written, so it measures the floor any
 * tailer pays, not the tailer itself. {@code splitOnly} finds the line ends without decoding.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ReadSplitBench {
    static final int LINES = 400;

    private byte[] buffer;

    @Setup
    public void setUp() {
        LogLines gen = new LogLines();
        StringBuilder b = new StringBuilder(LINES * 201);
        for (int i = 0; i < LINES; i++) {
            b.append(gen.criLine('F')).append('\n');
        }
        buffer = b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void splitAndDecode(Blackhole blackhole) {
        byte[] buf = buffer;
        int start = 0;
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] == '\n') {
                blackhole.consume(new String(buf, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public int splitOnly() {
        byte[] buf = buffer;
        int start = 0;
        int sum = 0;
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] == '\n') {
                sum += i - start;
                start = i + 1;
            }
        }
        return sum;
    }
}
