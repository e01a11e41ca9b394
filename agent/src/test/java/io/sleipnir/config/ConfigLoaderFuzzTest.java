package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzes the whole config loader (env expansion, YAML reading, binding) with generated and mutated documents:
 * whatever the input, the load either succeeds or fails with a {@link ConfigException} whose every line is
 * {@code source[:line[:column]]: message}; no other exception or error escapes, and the nesting limit holds.
 */
class ConfigLoaderFuzzTest {
    /** {@code p.yaml:3:7: key: problem}, {@code p.yaml: problem} (whole document), or the "more" trailer. */
    private static final Pattern PROBLEM_LINE = Pattern.compile("p\\.yaml(:\\d+(:\\d+)?)?: \\S.*");

    /** A config that binds, touching most of the loader: clients, positions, stages, relabeling. */
    private static final String BASE = """
            server:
              http_listen_port: 9080
              log_level: info
            clients:
              - url: http://loki:3100/loki/api/v1/push
                batchwait: 1s
                batchsize: 1MiB
                external_labels: {cluster: ${CLUSTER:-dev}}
                backoff_config: {min_period: 500ms, max_period: 5m, max_retries: 10}
            positions:
              filename: /tmp/positions.yaml
            defaults: &labels
              job: app
            scrape_configs:
              - job_name: app
                static_configs:
                  - targets: [localhost]
                    labels: {job: app, __path__: /var/log/*.log}
                relabel_configs:
                  - source_labels: [__path__]
                    regex: '(.*)'
                    target_label: path
                pipeline_stages:
                  - regex: {expression: '^(?P<level>\\w+) (?P<msg>.*)$'}
                  - labels: {level: }
                  - json: {expressions: {user: user, n: 'items[0]'}}
                  - timestamp: {source: ts, format: RFC3339}
                  - match:
                      selector: '{job="app"} |= "error"'
                      stages:
                        - drop: {source: level, value: debug}
                  - multiline: {firstline: '^\\d', max_lines: 10}
            """;

    private static final List<String> TOKENS = List.of("- ", ": ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: ",
            "!!binary ", "!!str ", "? ", "|", ">", "'", "\"", "#", "---\n", "...\n", "%YAML 1.1\n", "\t", "\n",
            "${", "${X:-", "}", "$$", "\\", "~", "null", "yes", "0x1F", "1e400", "-.inf", ".nan", "\u0000",
            "\uFEFF", "\uD800", "é", "😀", "  ", "          ");

    @Property(tries = 250)
    void aMutatedConfigLoadsOrFailsWithOneLinePerProblem(@ForAll("mutatedConfigs") String yaml) {
        assertLoadsOrFailsCleanly(yaml);
    }

    @Property(tries = 200)
    void aGeneratedDocumentLoadsOrFailsWithOneLinePerProblem(@ForAll("documents") String yaml) {
        assertLoadsOrFailsCleanly(yaml);
    }

    @Property(tries = 20)
    void nestingPastTheLimitIsAlwaysRefused(@ForAll @IntRange(min = 101, max = 30_000) int depth,
            @ForAll boolean flow) {
        // Block nesting indents each level one more column, so its size grows with depth squared: cap it.
        String yaml = flow ? "a: " + "[".repeat(depth) + "]".repeat(depth) : blockNesting(Math.min(depth, 2_000));
        ConfigException e = load(yaml);
        assertThat(e).as("a document nested %d deep must be refused", depth).isNotNull();
        assertThat(e.getMessage()).contains("YAML nested more than 100 levels deep");
    }

    @Property(tries = 30)
    void nestingWithinTheLimitIsNeverRefusedForItsDepth(@ForAll @IntRange(min = 1, max = 99) int depth) {
        ConfigException e = load("clients: [{url: http://l/p}]\nx: " + "[".repeat(depth) + "]".repeat(depth));
        assertThat(e).isNotNull(); // x is an unknown key ...
        assertThat(e.getMessage()).isEqualTo("p.yaml:2:1: x: unknown key \"x\""); // ... and that is all.
    }

    @Provide
    Arbitrary<String> mutatedConfigs() {
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, BASE.length()),
                Arbitraries.integers().between(0, 40),
                Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(8),
                        Arbitraries.strings().all().ofMaxLength(4)))
                .as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(6).map(ms -> {
            String text = BASE;
            for (Mutation m : ms) {
                text = m.apply(text);
            }
            return text;
        });
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.oneOf(
                node(4).map(n -> "clients: [{url: http://l/p}]\nscrape_configs: " + n + "\n"),
                node(4).map(n -> "server: " + n + "\n"),
                node(5),
                aliasBombs(),
                binary(),
                hugeKeys(),
                oddScalars());
    }

    private Arbitrary<String> node(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.of("1", "-1", "0x10", "1.5", "true", "yes", "n",
                        "~", "''", "\"\\u00e9\"", "job_name", "url", "http://l/p", "'{a=\"b\"}'", "1MiB", "10s",
                        "${A}", "*nope"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> child = node(depth - 1);
        Arbitrary<String> list = child.list().ofMaxSize(4).map(items -> "[" + String.join(", ", items) + "]");
        Arbitrary<String> map = Combinators.combine(
                        Arbitraries.of("job_name", "static_configs", "pipeline_stages", "regex", "labels", "match",
                                "stages", "selector", "url", "x", "<<", "y", "1"),
                        child)
                .as((k, v) -> k + ": " + v)
                .list().ofMaxSize(4).map(entries -> "{" + String.join(", ", entries) + "}");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, scalar), net.jqwik.api.Tuple.of(3, list), net.jqwik.api.Tuple.of(3, map));
    }

    private Arbitrary<String> aliasBombs() {
        return Arbitraries.integers().between(2, 12).flatMap(width -> Arbitraries.integers().between(2, 12)
                .map(levels -> {
                    StringBuilder b = new StringBuilder("clients: [{url: http://l/p}]\nx0: &a0 [")
                            .append(String.join(", ", java.util.Collections.nCopies(width, "lol"))).append("]\n");
                    for (int i = 1; i < levels; i++) {
                        b.append('x').append(i).append(": &a").append(i).append(" [")
                                .append(String.join(", ", java.util.Collections.nCopies(width, "*a" + (i - 1))))
                                .append("]\n");
                    }
                    return b.append("scrape_configs: *a").append(levels - 1).append('\n').toString();
                }));
    }

    private Arbitrary<String> binary() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)
                .map(bytes -> new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private Arbitrary<String> hugeKeys() {
        return Arbitraries.integers().between(1_000, 100_000).map(n -> "k".repeat(n) + ": v\n");
    }

    private Arbitrary<String> oddScalars() {
        return Arbitraries.of("9223372036854775808", "-0x8000000000000001", "1e99999", "0o777", "0b101", "1_000",
                        "'\\x00'", "\"\\uD800\"", "!!binary aGVsbG8=", "!!int abc", "!!float x", "!!null y",
                        "!!timestamp 2001-12-14", "? complex", "*", "&", "@reserved", "`backtick`", "%")
                .map(v -> "clients: [{url: http://l/p, batchsize: " + v + ", timeout: " + v + "}]\nserver: {"
                        + "http_listen_port: " + v + "}\n");
    }

    private static String blockNesting(int depth) {
        StringBuilder b = new StringBuilder("a:\n");
        for (int i = 0; i < depth; i++) {
            b.append(" ".repeat(i)).append("-\n");
        }
        return b.toString();
    }

    private static void assertLoadsOrFailsCleanly(String yaml) {
        ConfigException e = load(yaml);
        if (e == null) {
            return;
        }
        List<String> lines = List.of(e.getMessage().split("\n", -1));
        assertThat(lines).isNotEmpty().hasSizeLessThanOrEqualTo(ConfigException.MAX_REPORTED + 1);
        for (String line : lines) {
            assertThat(line).matches(PROBLEM_LINE);
        }
    }

    /** The ConfigException of a failed load, or null; any other throwable fails the property. */
    private static ConfigException load(String yaml) {
        try {
            ConfigLoader.parse(yaml, "p.yaml", true, Map.of("A", "a"));
            return null;
        } catch (ConfigException e) {
            return e;
        } catch (Throwable t) {
            StringBuilder start = new StringBuilder(yaml.length() > 300 ? yaml.substring(0, 300) + "..." : yaml);
            fail("%s escaped for:%n%s", t, start, t);
            return null;
        }
    }

    /** Inserts, deletes, replaces or repeats a span of the text. */
    private record Mutation(int kind, int at, int length, String token) {
        String apply(String text) {
            int from = Math.min(at, text.length());
            int to = Math.min(text.length(), from + length);
            return switch (kind) {
                case 0 -> text.substring(0, from) + token + text.substring(from);
                case 1 -> text.substring(0, from) + text.substring(to);
                case 2 -> text.substring(0, from) + token + text.substring(to);
                default -> text.substring(0, from) + text.substring(from, to).repeat(20) + text.substring(to);
            };
        }
    }
}
