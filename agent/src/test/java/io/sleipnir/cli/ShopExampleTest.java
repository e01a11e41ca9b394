package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop example as ./sleipnir-example runs it (examples/shop/sleipnir.yaml, -config.expand-env, -dry-run,
 * -exit-on-eof): every line comes out once, with a level label from its own text and its own ts as timestamp.
 */
class ShopExampleTest {
    private static final Path SHOP = Path.of("..", "examples", "shop").toAbsolutePath().normalize();

    @Test
    @Timeout(120)
    void theExamplesPipelineSetsTheLevelLabelAndTheLinesOwnTimestamps(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"-config.file=" + SHOP.resolve("sleipnir.yaml"), "-config.expand-env=true",
                        "-exit-on-eof", "-dry-run"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("SHOP_LOGS", SHOP.toString(), "SLEIPNIR_POSITIONS", dir.resolve("p.yaml").toString()));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> entries = out.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> orders = Files.readAllLines(SHOP.resolve("order.log"));
        List<String> deliveries = Files.readAllLines(SHOP.resolve("delivery.log"));
        assertThat(entries).hasSize(orders.size() + deliveries.size());

        // ts=2026-11-25T09:00:02.509Z level=error msg=... is printed at its own time, with level="error".
        String order = orders.stream().filter(l -> l.contains("level=error")).findFirst().orElseThrow();
        String orderTs = order.substring("ts=".length(), order.indexOf(' '));
        assertThat(entries).contains(dryRunTime(orderTs) + "\t{app=\"order\", filename=\"" + SHOP.resolve("order.log")
                + "\", job=\"shop/order\", level=\"error\", namespace=\"shop\"}\t" + order);

        String delivery = deliveries.stream().filter(l -> l.contains("\"level\":\"warn\"")).findFirst().orElseThrow();
        int tsAt = delivery.indexOf("\"ts\":\"") + "\"ts\":\"".length();
        String deliveryTs = delivery.substring(tsAt, delivery.indexOf('"', tsAt));
        assertThat(entries).contains(dryRunTime(deliveryTs) + "\t{app=\"delivery\", filename=\""
                + SHOP.resolve("delivery.log") + "\", job=\"shop/delivery\", level=\"warn\", namespace=\"shop\"}\t"
                + delivery);

        assertThat(entries).allSatisfy(e -> assertThat(e).startsWith("2026-11-25T09:").contains(", level=\""));
    }

    /**
     * {@code 2026-11-25T09:00:02.509Z} as -dry-run prints it, Go's layout {@code 2006-01-02T15:04:05.999999999-0700}:
     * {@code 2026-11-25T09:00:02.509+0000} (the fraction's trailing zeros dropped, no dot for a whole second).
     */
    private static String dryRunTime(String rfc3339) {
        java.time.Instant t = java.time.Instant.parse(rfc3339);
        String seconds = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(t);
        String fraction = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return seconds + (fraction.isEmpty() ? "" : "." + fraction) + "+0000";
    }
}
