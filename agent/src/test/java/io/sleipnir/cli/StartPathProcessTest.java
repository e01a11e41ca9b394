package io.sleipnir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.testing.LokiReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a first start with a plain file config does not load, in its own JVM, from start to the last line shipped
 * and the stop (-exit-on-eof): each of these is a few hundred classes of start-up CPU before the first push that
 * such a config never uses. They load when they are used: a {@code json} stage, a positions file to parse,
 * {@code /config}, {@code /metrics}, {@code -Dio.netty.jfr.enabled=true}, a stage kind the config names.
 */
class StartPathProcessTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aFileConfigShipsWithoutDatabindJmesPathManagementBeansOrNettysJfrEvents() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("app.log"),
                "2026-12-02T10:00:00.000000000Z stdout F one\n2026-12-02T10:00:01.000000000Z stdout F two\n");
        Path classes = dir.resolve("classes.log");
        try (LokiReceiver loki = new LokiReceiver()) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, """
                    server: {http_listen_address: 127.0.0.1, http_listen_port: 0}
                    clients:
                      - url: %s
                        batchwait: 50ms
                    positions: {filename: %s}
                    scrape_configs:
                      - job_name: app
                        static_configs:
                          - targets: [localhost]
                            labels: {job: app, __path__: "%s/*.log"}
                        pipeline_stages:
                          - cri: {}
                    """.formatted(loki.url(), dir.resolve("positions.yaml"), logs));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                    "io.sleipnir.cli.Main", "-config.file=" + config, "-exit-on-eof"));
            Process agent = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile()).start();

            assertThat(agent.waitFor(90, TimeUnit.SECONDS)).as("stopped at the end of the files").isTrue();
            assertThat(agent.exitValue()).as("exit code; log:%n%s", Files.readString(dir.resolve("agent.log")))
                    .isZero();
            assertThat(loki.lines()).containsExactly("one", "two");
        }
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).as("the JVM's class-load log").anyMatch(l -> l.contains(" io.sleipnir.cli.Main "));
        List<String> unused = List.of(" com.fasterxml.jackson.databind.", " io.burt.jmespath.",
                " java.lang.management.", " io.netty.buffer.AbstractAllocatorEvent ");
        assertThat(loaded.stream().filter(l -> unused.stream().anyMatch(l::contains)).toList()).isEmpty();
        // Stage kinds load by name when a config uses one (pipeline.Stages): this config names only cri.
        assertThat(loaded).anyMatch(l -> l.contains(" io.sleipnir.pipeline.CriStage "));
        List<String> otherStages = List.of("DockerStage", "RegexStage", "JsonStage", "LogfmtStage", "ReplaceStage",
                "TemplateStage", "OutputStage", "LabelsStage", "LabelSetStages", "TenantStage", "DecolorizeStage",
                "PackStage", "TimestampStage", "MatchStage", "DropStage", "LimitStage", "SamplingStage",
                "MultilineStage", "MetricsStage");
        assertThat(loaded.stream().filter(l -> otherStages.stream()
                .anyMatch(stage -> l.contains(" io.sleipnir.pipeline." + stage + " "))).toList()).isEmpty();
    }
}
