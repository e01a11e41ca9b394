package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * -test as CI runs it: a separate process from the repository's root, on the shipped test files; a changed
 * expectation fails with a readable diff and exit code 1; -test.update writes what the pipeline produced.
 */
class PipelineTestCommandTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    private record Result(int code, String output) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), "io.sleipnir.cli.Main",
                "-config.expand-env=true"));
        command.addAll(List.of(args));
        Path output = dir.resolve("test.out");
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(output));
    }

    @Test
    @Timeout(120)
    void theShippedTestFilesPass() throws Exception {
        Result shop = run("-config.file=examples/shop/sleipnir.yaml", "-test=examples/shop/*.test.yaml");
        assertThat(shop.output()).endsWith("4 passed, 0 failed\n");
        assertThat(shop.code()).isZero();
        Result daemonSet = run("-config.file=config/daemonset.yaml", "-test=config/daemonset.test.yaml");
        assertThat(daemonSet.output()).contains("ok   config/daemonset.test.yaml: \"a pod's CRI line gets the Helm"
                + " chart's labels\" (job kubernetes-pods)\n").endsWith("2 passed, 0 failed\n");
        assertThat(daemonSet.code()).isZero();
    }

    @Test
    @Timeout(120)
    void aChangedExpectationFailsWithADiffAndUpdateWritesWhatThePipelineProduced() throws Exception {
        Path tests = dir.resolve("shop.test.yaml");
        String shipped = Files.readString(ROOT.resolve("examples/shop/sleipnir.test.yaml"));
        String changed = shipped.replace("level: error", "level: warn")
                .replace("timestamp: 2026-11-25T09:00:02.509Z", "timestamp: 2026-11-25T09:00:02.5Z");
        assertThat(changed).isNotEqualTo(shipped);
        Files.writeString(tests, changed);

        Result failed = run("-config.file=examples/shop/sleipnir.yaml", "-test=" + tests);
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.output()).contains("FAIL " + tests + ": \"an order error\" (job shop-order)\n"
                + "  entry 1: labels\n"
                + "    - {app=\"order\", filename=\"examples/shop/order.log\", job=\"shop/order\", level=\"warn\","
                + " namespace=\"shop\"}\n"
                + "    + {app=\"order\", filename=\"examples/shop/order.log\", job=\"shop/order\", level=\"error\","
                + " namespace=\"shop\"}\n"
                + "  entry 1: timestamp\n"
                + "    - 2026-11-25T09:00:02.5Z\n"
                + "    + 2026-11-25T09:00:02.509Z\n");
        assertThat(failed.output()).contains("ok   " + tests + ": \"a delivery line is JSON\" (job shop-delivery)\n")
                .endsWith("3 passed, 1 failed\n");

        Result updated = run("-config.file=examples/shop/sleipnir.yaml", "-test=" + tests, "-test.update");
        assertThat(updated.code()).isZero();
        assertThat(Files.readString(tests)).as("the shipped file, less its comments")
                .isEqualTo(shipped.substring(shipped.indexOf("tests:")));
        Result again = run("-config.file=examples/shop/sleipnir.yaml", "-test=" + tests);
        assertThat(again.output()).endsWith("4 passed, 0 failed\n");
        assertThat(again.code()).isZero();
    }

    @Test
    @Timeout(120)
    void anEntryThatShouldBeDroppedIsShown() throws Exception {
        Path tests = dir.resolve("dropped.test.yaml");
        Files.writeString(tests, """
                tests:
                  - name: expected dropped
                    job: shop-order
                    path: examples/shop/order.log
                    lines: ['level=info msg=kept']
                    expect: dropped
                """);
        Result r = run("-config.file=examples/shop/sleipnir.yaml", "-test=" + tests);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.output()).contains("  entry 1: expected every line dropped, but the pipeline produced:\n"
                + "    + 2026-01-01T00:00:00Z {app=\"order\", filename=\"examples/shop/order.log\", job=\"shop/order\","
                + " level=\"info\", namespace=\"shop\"} \"level=info msg=kept\"\n");
    }
}
