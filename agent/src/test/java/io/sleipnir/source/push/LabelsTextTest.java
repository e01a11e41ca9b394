package io.sleipnir.source.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sleipnir.model.Labels;
import org.junit.jupiter.api.Test;

/** Pushed stream selectors, read as Promtail's ParseMetric reads them: Go string escapes, errors as 400. */
class LabelsTextTest {
    @Test
    void goEscapesInValuesAreUndone() throws Exception {
        assertThat(LabelsText.parse("{app=\"a\\\"b\", path=\"C:\\\\x\\ty\", e=\"\\u00e9\"}"))
                .isEqualTo(Labels.of("app", "a\"b", "path", "C:\\x\ty", "e", "é"));
        assertThat(LabelsText.parse(" { } ")).isEqualTo(Labels.empty());
    }

    @Test
    void malformedSelectorsAreBadRequestsNamingTheProblem() {
        assertThatThrownBy(() -> LabelsText.parse("{app=\"x\""))
                .isInstanceOfSatisfying(PushRejected.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("invalid stream labels {app=\"x\": unexpected end");
        assertThatThrownBy(() -> LabelsText.parse("{1app=\"x\"}")).hasMessageEndingWith(
                "expected a label name at character 1");
        assertThatThrownBy(() -> LabelsText.parse("{a=\"x\", a=\"y\"}")).hasMessageEndingWith(
                "duplicate label name \"a\"");
    }
}
