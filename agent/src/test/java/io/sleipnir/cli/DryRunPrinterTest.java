package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.Delivery;
import io.sleipnir.model.Labels;
import io.sleipnir.model.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * -dry-run's text, as Promtail's dry-run client writes it (clients/pkg/promtail/client/logger.go, run():
 * timestamp in layout "2006-01-02T15:04:05.999999999-0700", tab, e.Labels.String(), tab, line, newline).
 */
class DryRunPrinterTest {
    /** The stream System.out is under LC_ALL=C: the JVM's default charset there is US-ASCII. */
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream asciiLocaleOut = new PrintStream(bytes, true, StandardCharsets.US_ASCII);
    private final DryRunPrinter printer = new DryRunPrinter(asciiLocaleOut);
    private final AtomicInteger completed = new AtomicInteger();

    private final Delivery counting = new Delivery() {
        @Override
        public void retain(int holders) {
        }

        @Override
        public void complete() {
            completed.incrementAndGet();
        }
    };

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void promtailLoggerGo_printsTheLinesUtf8BytesWhateverTheLocalesCharset() {
        printer.accept(LogEntry.of(1_700_000_000_123_000_000L, "Zahlung fehlgeschlagen: 12 € – ß ✓ 日本",
                Labels.of("job", "pay"), counting));

        assertThat(printed()).isEqualTo(
                "2023-11-14T22:13:20.123+0000\t{job=\"pay\"}\tZahlung fehlgeschlagen: 12 € – ß ✓ 日本\n");
        assertThat(completed).hasValue(1);
    }

    @Test
    void promtailLoggerGo_showsTheTenantLabelAmongTheLabelsSortedAsGoSortsLabelSetStrings() {
        printer.accept(LogEntry.of(1_700_000_000_000_000_000L, "x",
                Labels.of("job", "pay", "__tenant_id__", "team-a", "a", "1", "a1", "2"), counting));

        // LabelSet.String() sorts the `name="value"` strings: "a1=" sorts before "a=" because '1' < '='.
        assertThat(printed()).isEqualTo(
                "2023-11-14T22:13:20+0000\t{__tenant_id__=\"team-a\", a1=\"2\", a=\"1\", job=\"pay\"}\tx\n");
    }

    @Test
    void promtailLoggerGo_dropsOnlyTrailingZerosOfTheFraction() {
        assertThat(DryRunPrinter.goTime(1_700_000_000_000_000_100L)).isEqualTo("2023-11-14T22:13:20.0000001+0000");
        assertThat(DryRunPrinter.goTime(1_700_000_000_500_000_000L)).isEqualTo("2023-11-14T22:13:20.5+0000");
        assertThat(DryRunPrinter.goTime(0)).isEqualTo("1970-01-01T00:00:00+0000");
    }

    @Test
    void labelValuesAreQuotedAsGoQuotesThem() {
        printer.accept(LogEntry.of(0, "x", Labels.of("msg", "a\"b\\c\td"), counting));

        assertThat(printed()).contains("{msg=\"a\\\"b\\\\c\\td\"}");
    }

    /** Issue 8 item 12: the push path drops an entry left without labels; dry-run agrees and prints nothing. */
    @Test
    void anEntryWithoutLabelsIsNotPrintedButCompletedAsThePushPathDropsIt() {
        printer.accept(LogEntry.of(0, "orphan", Labels.empty(), counting));
        printer.accept(LogEntry.of(0, "tenant only", Labels.of("__tenant_id__", "t"), counting));

        assertThat(printed()).isEmpty();
        assertThat(completed).hasValue(2);
    }
}
