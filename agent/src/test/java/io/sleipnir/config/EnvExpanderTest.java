package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvExpanderTest {
    private static final Map<String, String> ENV = Map.of("HOST", "loki", "PORT", "3100", "EMPTY", "");

    private static String expand(String text) throws ConfigException {
        return EnvExpander.expand(text, "p.yaml", ENV);
    }

    @Test
    void bracedAndBareReferences() throws Exception {
        assertThat(expand("url: http://${HOST}:$PORT/push")).isEqualTo("url: http://loki:3100/push");
        assertThat(expand("${HOST}${PORT}")).isEqualTo("loki3100");
        assertThat(expand("$HOST.local")).isEqualTo("loki.local");
    }

    @Test
    void unsetVariableBecomesEmpty() throws Exception {
        assertThat(expand("a: '${NOPE}' b: '$NOPE'")).isEqualTo("a: '' b: ''");
    }

    @Test
    void defaultAppliesWhenUnsetOrEmpty() throws Exception {
        assertThat(expand("${NOPE:-x}")).isEqualTo("x");
        assertThat(expand("${EMPTY:-x}")).isEqualTo("x");
        assertThat(expand("${HOST:-x}")).isEqualTo("loki");
        assertThat(expand("${NOPE:-http://a:1/b c}")).isEqualTo("http://a:1/b c");
        assertThat(expand("${NOPE:-}")).isEmpty();
    }

    @Test
    void escapes() throws Exception {
        assertThat(expand("price: $$HOST")).isEqualTo("price: $HOST");
        assertThat(expand("price: \\$HOST")).isEqualTo("price: $HOST");
        assertThat(expand("regex: '\\\\d+'")).isEqualTo("regex: '\\d+'");
        assertThat(expand("keep \\d and a lone $ and $1 and $")).isEqualTo("keep \\d and a lone $ and $1 and $");
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
}
