package io.sleipnir.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import io.sleipnir.testing.PushRequestDecoder;
import io.sleipnir.testing.PushRequestDecoder.DecodedEntry;
import io.sleipnir.testing.PushRequestDecoder.DecodedStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the entries (timestamps anywhere in a long's range, before the epoch too; empty, non-ASCII and long lines,
 * as text or as a slice of bytes; structured metadata with empty names or values; several streams), the test
 * receiver's decoder (protobuf-java's reader) reads back what went in, stream by stream, in order.
 */
class PushEncoderPropertyTest {

    record Input(int stream, long timestampNanos, String line, String metaName, String metaValue) {
    }

    @Provide
    Arbitrary<List<Input>> batches() {
        Arbitrary<Long> timestamps = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(0L, 1L, -1L, 999_999_999L, 1_000_000_000L, -1_000_000_000L, Long.MIN_VALUE,
                        Long.MAX_VALUE, 1_764_835_200_123_456_789L));
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().ascii().ofMinLength(100).ofMaxLength(400));
        Arbitrary<Input> input = Combinators.combine(Arbitraries.integers().between(0, 3), timestamps, text,
                Arbitraries.strings().ofMaxLength(8), Arbitraries.strings().ofMaxLength(8)).as(Input::new);
        return input.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void everyBatchReadsBackAsItWasBuilt(@ForAll("batches") List<Input> inputs) throws Exception {
        Batch batch = new Batch("", Instant.EPOCH);
        Map<Labels, List<DecodedEntry>> expected = new LinkedHashMap<>();
        for (Input in : inputs) {
            Labels labels = Labels.of("job", "j" + in.stream());
            Labels metadata = in.metaName().isEmpty() && in.metaValue().isEmpty() ? Labels.empty()
                    : Labels.of("m" + in.metaName(), in.metaValue());
            LogEntry entry = in.stream() % 2 == 0
                    ? new LogEntry(in.timestampNanos(), in.line(), labels, metadata, Delivery.NONE)
                    : heldAsBytes(in, labels, metadata);
            batch.add(labels, entry, entry.sizeBytes());
            Map<String, String> meta = new LinkedHashMap<>();
            metadata.toMap().forEach((k, v) -> meta.put(wire(k), wire(v)));
            expected.computeIfAbsent(labels, k -> new ArrayList<>())
                    .add(new DecodedEntry(in.timestampNanos(), wire(in.line()), meta));
        }

        PushEncoder encoder = new PushEncoder();
        int length = encoder.encodeUncompressed(batch);
        List<DecodedStream> decoded = PushRequestDecoder.decode(Arrays.copyOf(encoder.rawBuffer(), length));

        assertThat(decoded).extracting(d -> PushRequestDecoder.parseLabels(d.labels()))
                .containsExactlyElementsOf(expected.keySet().stream().map(Labels::toMap).toList());
        for (int i = 0; i < decoded.size(); i++) {
            assertThat(decoded.get(i).entries()).containsExactlyElementsOf(List.copyOf(expected.values()).get(i));
        }
    }

    /** The line as UTF-8 bytes inside a larger array, as a tailed line is held. */
    private static LogEntry heldAsBytes(Input in, Labels labels, Labels metadata) {
        byte[] line = in.line().getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[line.length + 7];
        System.arraycopy(line, 0, padded, 3, line.length);
        return LogEntry.ofUtf8(in.timestampNanos(), padded, 3, line.length, labels, metadata, Delivery.NONE);
    }

    /** What a string is after a trip through UTF-8 (an unpaired surrogate becomes '?'). */
    private static String wire(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
