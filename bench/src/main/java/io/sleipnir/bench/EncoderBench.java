package io.sleipnir.bench;

import io.sleipnir.loki.Batch;
import io.sleipnir.loki.PushEncoder;
import io.sleipnir.loki.PushRequestBody;
import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xerial.snappy.Snappy;

/**
 * Encoding one full batch as the client sends it, reported per entry: {@link #encode} is
 * {@link PushEncoder#encode} (size pass + protobuf write into the reusable buffer + snappy-java block
 * compression); {@link #snappyOnly} compresses the same uncompressed PushRequest bytes, so the protobuf share is
 * the difference. The batch: {@value #ENTRIES} entries of 150 to 200 byte payloads (about 1 MiB of lines, the
 * default {@code batchsize}) spread over {@value #STREAMS} streams, each with the labels of a pod's file plus
 * {@code stream}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class EncoderBench {
    static final int ENTRIES = 6000;
    static final int STREAMS = 10;

    /**
     * How the entries hold their lines: {@code bytes} as a slice of UTF-8 bytes (a tailed ASCII line after the
     * {@code cri} stage), {@code text} as a String, which the encoder makes UTF-8 (every line before 2026-12-02).
     */
    @Param({"bytes", "text"})
    public String held;

    private final PushEncoder encoder = new PushEncoder();
    private Batch batch;
    private byte[] uncompressed;
    private byte[] compressed;

    @Setup
    public void setUp() throws IOException {
        LogLines gen = new LogLines();
        Labels[] streams = new Labels[STREAMS];
        for (int i = 0; i < STREAMS; i++) {
            streams[i] = LogLines.fileLabels(i).with("stream", "stdout");
        }
        batch = new Batch("", Instant.EPOCH);
        for (int i = 0; i < ENTRIES; i++) {
            String line = gen.payload(150 + gen.nextInt(51));
            LogEntry entry = LogEntry.of(gen.nanosAt(i), line, streams[i % STREAMS], Delivery.NONE);
            if (held.equals("bytes")) {
                // As the cri stage leaves it: the content is a slice at the end of the whole CRI line's bytes.
                byte[] criLine = ("2026-12-02T10:00:00.123456789Z stdout F " + line).getBytes(StandardCharsets.UTF_8);
                int length = line.getBytes(StandardCharsets.UTF_8).length;
                entry = LogEntry.ofUtf8(entry.timestampNanos(), criLine, criLine.length - length, length, entry.labels(),
                        Labels.empty(), Delivery.NONE);
            }
            batch.add(entry.labels(), entry, entry.sizeBytes());
        }
        PushRequestBody body = encoder.encode(batch);
        uncompressed = Snappy.uncompress(java.util.Arrays.copyOf(body.bytes(), body.length()));
        compressed = new byte[Snappy.maxCompressedLength(uncompressed.length)];
        System.out.printf("%nbatch: %d entries, %d line bytes, %d bytes protobuf, %d bytes snappy%n",
                batch.entryCount(), batch.bytes(), uncompressed.length, body.length());
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public int encode() {
        return encoder.encode(batch).length();
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public int snappyOnly() throws IOException {
        return Snappy.compress(uncompressed, 0, uncompressed.length, compressed, 0);
    }
}
