package io.sleipnir.bench;

import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.pipeline.Pipeline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CPU time (not wall time) per operation of some JMH benchmarks' work, for a machine too loaded for JMH's
 * wall-clock figures to mean anything: each round runs the operation until the thread has used one second of CPU
 * ({@code ThreadMXBean.getCurrentThreadCpuTime}), after three warm-up rounds; it prints each round and the median.
 * Descheduled time does not count; cache and core sharing with other processes still do.
 *
 * <p>Arguments name the workloads: {@code regex} ({@link RegexStageBench#regexLine}), {@code relabel}
 * ({@link RelabelBench#relabelTarget}), {@code hostile} (a {@code regex} stage with {@code ^(?P<f>.*?,){11}P} on
 * {@code "a,"} repeated 40 times, issue 7.1's line; only for an engine that does not backtrack), {@code cri-bytes} and
 * {@code cri-text} ({@link CriStageBench#criLine} with lines held as bytes or as text, no partials),
 * {@code encode-bytes} and {@code encode-text} ({@link EncoderBench#encode}, per entry), {@code snappy}
 * ({@link EncoderBench#snappyOnly}, per entry).
 * The class uses only the benchmarks' public API, so it runs against an older agent too:
 * {@code java -cp bench/target/classes:old-sleipnir-bench.jar io.sleipnir.bench.CpuTimeCompare regex relabel}.
 */
public final class CpuTimeCompare {
    private static final long ROUND_CPU_NANOS = 1_000_000_000L;
    private static final int WARMUP_ROUNDS = 3;
    private static final int ROUNDS = 5;

    private CpuTimeCompare() {
    }

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 ? List.of("regex", "relabel") : List.of(args);
        Blackhole blackhole = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String name : which) {
            switch (name) {
                case "regex" -> {
                    RegexStageBench b = new RegexStageBench();
                    b.setUp();
                    measure(name, () -> b.regexLine(blackhole));
                }
                case "relabel" -> {
                    RelabelBench b = new RelabelBench();
                    b.setUp();
                    measure(name, () -> blackhole.consume(b.relabelTarget()));
                }
                case "hostile" -> {
                    LineSink sink = new LineSink();
                    sink.blackhole = blackhole;
                    Pipeline p = StagePipelines.build("- regex: {expression: '^(?P<f>.*?,){11}P'}", sink);
                    LogEntry line = LogEntry.of(1, "a,".repeat(40), Labels.of("job", "x"), Delivery.NONE);
                    measure(name, () -> p.accept(line));
                }
                case "cri-bytes", "cri-text" -> {
                    CriStageBench b = new CriStageBench();
                    b.held = name.substring(4);
                    b.setUp();
                    measure(name, 1000, 1, () -> b.criLine(blackhole));
                }
                case "encode-bytes", "encode-text" -> {
                    EncoderBench b = new EncoderBench();
                    b.held = name.substring(7);
                    b.setUp();
                    measure(name + " (per entry)", 1, EncoderBench.ENTRIES, () -> blackhole.consume(b.encode()));
                }
                case "snappy" -> {
                    EncoderBench b = new EncoderBench();
                    b.held = "text";
                    b.setUp();
                    measure(name + " (per entry)", 1, EncoderBench.ENTRIES, () -> blackhole.consume(b.snappyOnly()));
                }
                default -> throw new IllegalArgumentException("unknown workload " + name);
            }
        }
    }

    private interface Op {
        void run() throws Exception;
    }

    private static void measure(String name, Op op) throws Exception {
        measure(name, 1000, 1, op);
    }

    /** Runs {@code op} {@code perCheck} times between looks at the CPU clock; an op stands for {@code units}. */
    private static void measure(String name, int perCheck, int units, Op op) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] nanosPerOp = new double[ROUNDS];
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            long start = mx.getCurrentThreadCpuTime();
            long ops = 0;
            long used;
            do {
                for (int i = 0; i < perCheck; i++) {
                    op.run();
                }
                ops += (long) perCheck * units;
                used = mx.getCurrentThreadCpuTime() - start;
            } while (used < ROUND_CPU_NANOS);
            if (round >= 0) {
                nanosPerOp[round] = (double) used / ops;
                System.out.printf("%s round %d: %.1f ns CPU/op%n", name, round + 1, nanosPerOp[round]);
            }
        }
        Arrays.sort(nanosPerOp);
        System.out.printf("%s: median %.1f ns CPU/op (min %.1f, max %.1f)%n", name, nanosPerOp[ROUNDS / 2],
                nanosPerOp[0], nanosPerOp[ROUNDS - 1]);
    }
}
