package io.sleipnir.cli;

import io.sleipnir.golang.GoQuote;
import io.sleipnir.model.EntrySink;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -dry-run}: prints each entry as Promtail's dry-run client does (client/logger.go): the timestamp in Go's
 * layout {@code 2006-01-02T15:04:05.999999999-0700} (trailing zeros of the fraction dropped; always UTC here), the
 * labels as Go's {@code model.LabelSet.String()} writes them ({@code name=%q} pairs sorted as text, so reserved
 * labels such as {@code __tenant_id__} show too), and the line, tab separated. Structured metadata, a Sleipnir
 * addition, follows after one more tab. Text is written as UTF-8 bytes whatever the locale's charset, as Go writes
 * its strings: the JVM's {@code System.out} would turn every non-ASCII character into {@code ?} under {@code LC_ALL=C}.
 *
 * <p>An entry without any label that Loki would see is not printed: the push path drops it (Loki answers 400 to a
 * stream without labels, which would fail its whole batch), and dry-run shows what would be pushed. It is logged the
 * same way. The entry counts as delivered once printed or skipped, so -exit-on-eof can tell when the files are
 * done; the positions file is read-only in this mode, so nothing is remembered.
 */
final class DryRunPrinter implements EntrySink {
    private static final System.Logger LOG = System.getLogger(DryRunPrinter.class.getName());
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private final PrintStream out;
    /** Null without -dry-run.query. */
    private final DryRunQuery query;

    DryRunPrinter(PrintStream out) {
        this(out, null);
    }

    DryRunPrinter(PrintStream out, DryRunQuery query) {
        this.out = out;
        this.query = query;
    }

    @Override
    public void accept(LogEntry entry) {
        if (entry.labels().withoutInternal().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "dropping an entry with no labels (labels "
                    + promtailLabels(entry.labels()) + "): Loki needs at least one label per stream");
            entry.delivery().complete();
            return;
        }
        if (query != null && !query.show(entry, out)) {
            entry.delivery().complete();
            return;
        }
        printUtf8(out, format(entry.timestampNanos(), entry.labels(), entry.line(), entry.structuredMetadata()));
        entry.delivery().complete();
    }

    /** One entry as -dry-run prints it, with its newline (also -tail's output). */
    static String format(long timestampNanos, Labels labels, String text, Labels structuredMetadata) {
        StringBuilder line = new StringBuilder(64 + text.length())
                .append(goTime(timestampNanos)).append('\t')
                .append(promtailLabels(labels)).append('\t')
                .append(text);
        if (!structuredMetadata.isEmpty()) {
            line.append('\t').append(structuredMetadata.toLokiString());
        }
        return line.append('\n').toString();
    }

    /** Writes {@code text} as UTF-8 bytes, whatever charset {@code out} was made with. */
    static void printUtf8(PrintStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(bytes, 0, bytes.length);
            out.flush();
        }
    }

    /** Go's {@code t.UTC().Format("2006-01-02T15:04:05.999999999-0700")}. */
    static String goTime(long nanos) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        StringBuilder s = new StringBuilder(35).append(SECONDS.format(t));
        int fraction = t.getNano();
        if (fraction != 0) {
            String digits = String.format("%09d", fraction);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            s.append('.').append(digits, 0, end);
        }
        return s.append("+0000").toString();
    }

    /** Prometheus' {@code model.LabelSet.String()}: {@code name=%q} pairs, sorted as strings, in braces. */
    static String promtailLabels(Labels labels) {
        List<String> pairs = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            pairs.add(labels.name(i) + "=" + GoQuote.quote(labels.value(i)));
        }
        pairs.sort(null);
        return "{" + String.join(", ", pairs) + "}";
    }
}
