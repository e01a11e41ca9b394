package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins Promtail's {@code -config.expand-env}: Loki's {@code pkg/util/cfg/files.go} runs the file through
 * drone/envsubst v1.0.3 ({@code envsubst.EvalEnv}); the expected outputs follow that library's {@code parse/scan.go}
 * (escapes, what starts a reference) and {@code parse/parse.go} (the {@code ${VAR:-default}} form), and its own
 * {@code eval_test.go} case {@code "some text ${var01}$${var$${var01}$var01${var01}"}.
 */
class EnvExpanderTest {
    private static final Map<String, String> ENV = Map.of("HOST", "loki", "PORT", "3100", "EMPTY", "",
            "var01", "abcdEFGH28ij");

    private static String expand(String text) throws ConfigException {
        return EnvExpander.expand(text, "p.yaml", ENV);
    }

    @Test
    void promtailExpandsBracedReferences() throws Exception {
        assertThat(expand("url: http://${HOST}:${PORT}/push")).isEqualTo("url: http://loki:3100/push");
        assertThat(expand("${HOST}${PORT}")).isEqualTo("loki3100");
    }

    @Test
    void promtailLeavesDollarNameWithoutBracesAsWritten() throws Exception {
        assertThat(expand("url: http://$HOST:$PORT/push")).isEqualTo("url: http://$HOST:$PORT/push");
        assertThat(expand("replace: '$1 and $NOPE'")).isEqualTo("replace: '$1 and $NOPE'");
    }

    @Test
    void promtailReplacesAnUnsetBracedReferenceWithNothing() throws Exception {
        assertThat(expand("a: '${NOPE}'")).isEqualTo("a: ''");
    }

    @Test
    void promtailUsesTheDefaultWhenUnsetOrEmpty() throws Exception {
        assertThat(expand("${NOPE:-x}")).isEqualTo("x");
        assertThat(expand("${EMPTY:-x}")).isEqualTo("x");
        assertThat(expand("${HOST:-x}")).isEqualTo("loki");
        assertThat(expand("${NOPE:-http://a:1/b c}")).isEqualTo("http://a:1/b c");
        assertThat(expand("${NOPE:-}")).isEmpty();
        assertThat(expand("${NOPE:-${HOST}:${PORT}}")).isEqualTo("loki:3100");
    }

    @Test
    void promtailTreatsDoubleDollarAsALiteralDollar() throws Exception {
        assertThat(expand("price: $$HOST")).isEqualTo("price: $HOST");
        assertThat(expand("$${HOST}")).isEqualTo("${HOST}");
        // envsubst's own eval_test.go case, with var01 set.
        assertThat(expand("some text ${var01}$${var$${var01}$var01${var01}"))
                .isEqualTo("some text abcdEFGH28ij${var${var01}$var01abcdEFGH28ij");
    }

    @Test
    void promtailUnescapesDoubledBackslashAndBackslashSlashOnly() throws Exception {
        assertThat(expand("regex: '\\\\d+'")).isEqualTo("regex: '\\d+'");
        assertThat(expand("path: a\\/b")).isEqualTo("path: a/b");
        assertThat(expand("keep \\d and a lone $ and $1 and $")).isEqualTo("keep \\d and a lone $ and $1 and $");
        assertThat(expand("x: \\${HOST}")).isEqualTo("x: \\loki");
    }

    @Test
    void linesArePreserved() throws Exception {
        assertThat(expand("a: ${HOST}\nb: ${NOPE:-2}\n")).isEqualTo("a: loki\nb: 2\n");
    }

    @Test
    void unclosedBraceIsAnErrorAtTheDollar() {
        assertThatThrownBy(() -> expand("a: 1\nb: x${HOST\nc: }"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:2:5: unclosed \"${\" in environment variable reference");
        assertThatThrownBy(() -> expand("a: 1\nb: x${NOPE:-abc"))
                .hasMessage("p.yaml:2:5: unclosed \"${\" in environment variable reference");
    }

    @Test
    void otherEnvsubstOperatorsAreErrors() {
        assertThatThrownBy(() -> expand("a: ${HOST^^}"))
                .hasMessage("p.yaml:1:4: unsupported environment variable reference \"${HOST^^}\" (use ${VAR} or ${VAR:-default})");
        assertThatThrownBy(() -> expand("a: ${HOST-x}"))
                .hasMessage("p.yaml:1:4: unsupported environment variable reference \"${HOST-x}\" (use ${VAR} or ${VAR:-default})");
        assertThatThrownBy(() -> expand("a: ${}"))
                .hasMessage("p.yaml:1:4: unsupported environment variable reference \"${}\" (use ${VAR} or ${VAR:-default})");
    }

    @Test
    void deeplyNestedDefaultsAreAnErrorNotACrash() {
        assertThatThrownBy(() -> expand("a: " + "${A:-".repeat(100_000)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:1:54: environment variable references nested more than 10 deep in defaults");
    }

    @Test
    void manyReferencesOnOneLineExpand() throws Exception {
        // 200,000 references on one line took 7.6 s when each one searched the rest of the text for a newline.
        String text = "a: " + "${HOST}".repeat(200_000);
        assertThat(expand(text)).hasSize(3 + 4 * 200_000);
    }
}
