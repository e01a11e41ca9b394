package io.sleipnir.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Defaults and the validation messages of Prometheus' {@code relabel.Config.Validate} / {@code UnmarshalYAML}. */
class RelabelRuleValidationTest {

    private static RelabelRule.Builder rule() {
        return RelabelRule.builder();
    }

    @Test
    void absentKeysTakePrometheusDefaults() {
        RelabelRule r = RelabelRule.fromYamlValues(null, null, "t", null, null, null, null);

        assertThat(r.sourceLabels()).isEmpty();
        assertThat(r.separator()).isEqualTo(";");
        assertThat(r.targetLabel()).isEqualTo("t");
        assertThat(r.regex().source()).isEqualTo("(.*)");
        assertThat(r.regex().anchored()).isTrue();
        assertThat(r.modulus()).isZero();
        assertThat(r.replacement()).isEqualTo("$1");
        assertThat(r.action()).isEqualTo(RelabelAction.REPLACE);
    }

    @Test
    void actionNamesAreLowerCaseAndParsedCaseInsensitively() {
        assertThat(RelabelAction.HASHMOD.yamlName()).isEqualTo("hashmod");
        assertThat(RelabelAction.fromYaml("LabelMap")).isEqualTo(RelabelAction.LABELMAP);
        assertThat(RelabelAction.fromYaml("keepequal")).isEqualTo(RelabelAction.KEEPEQUAL);
        assertThatThrownBy(() -> RelabelAction.fromYaml("frobnicate"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown relabel action \"frobnicate\"");
        assertThatThrownBy(() -> RelabelRule.fromYamlValues(null, null, "t", null, null, null, ""))
                .hasMessage("unknown relabel action \"\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"replace", "lowercase", "uppercase", "keepequal", "dropequal"})
    void actionsThatWriteOrCompareNeedATarget(String action) {
        assertThatThrownBy(() -> RelabelRule.fromYamlValues(List.of("a"), null, null, null, null, null, action))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("relabel configuration for " + action + " action requires 'target_label' value");
    }

    @Test
    void hashmodNeedsAModulusFirstThenATarget() {
        assertThatThrownBy(() -> rule().sourceLabels("a").action(RelabelAction.HASHMOD).build())
                .hasMessage("relabel configuration for hashmod requires non-zero modulus");
        assertThatThrownBy(() -> rule().sourceLabels("a").modulus(8).action(RelabelAction.HASHMOD).build())
                .hasMessage("relabel configuration for hashmod action requires 'target_label' value");
        assertThatThrownBy(() -> rule().sourceLabels("a").modulus(8).targetLabel("${1}").action(RelabelAction.HASHMOD).build())
                .hasMessage("\"${1}\" is invalid 'target_label' for hashmod action");
        assertThatThrownBy(() -> RelabelRule.fromYamlValues(List.of("a"), null, "t", null, -1L, null, "hashmod"))
                .hasMessage("modulus must not be negative, got -1");
    }

    /** relabel_test.go {@code TestTargetLabelValidity}, checked through a replace rule's target_label. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-label|false", "label|true", "label${1}|true", "${1}label|true", "${1}|true", "${|false", "$|false",
            "${}|false", "foo${|false", "$1|true", "asd$2asd|true", "-foo${1}bar-|false", "_${1}_|true",
            "foo${bar}foo|true", "foo-bar|false", "0abc|false", "0${3}|false"})
    void templatedTargetLabelValidity(String target, boolean valid) {
        if (valid) {
            assertThat(rule().sourceLabels("a").targetLabel(target).build().targetLabel()).isEqualTo(target);
        } else {
            assertThatThrownBy(() -> rule().sourceLabels("a").targetLabel(target).build())
                    .hasMessage("\"" + target + "\" is invalid 'target_label' for replace action");
        }
    }

    @Test
    void caseAndEqualityActionsNeedAPlainTargetAndNoReplacement() {
        // relabel_test.go TestRelabelValidate: lowercase with target ${3}
        assertThatThrownBy(() -> rule().targetLabel("${3}").action(RelabelAction.LOWERCASE).build())
                .hasMessage("\"${3}\" is invalid 'target_label' for lowercase action");
        assertThatThrownBy(() -> rule().sourceLabels("a").targetLabel("b").replacement("x")
                .action(RelabelAction.UPPERCASE).build())
                .hasMessage("'replacement' can not be set for uppercase action");
    }

    @Test
    void keepEqualAndDropEqualAcceptOnlySourceAndTarget() {
        String msg = "keepequal action requires only 'source_labels' and `target_label`, and no other fields";
        assertThatThrownBy(() -> RelabelRule.fromYamlValues(List.of("a"), null, "b", "(.*)", null, null, "keepequal"))
                .hasMessage(msg);
        assertThatThrownBy(() -> RelabelRule.fromYamlValues(List.of("a"), ",", "b", null, null, null, "keepequal"))
                .hasMessage(msg);
        assertThatThrownBy(() -> RelabelRule.fromYamlValues(List.of("a"), null, "b", null, 3L, null, "dropequal"))
                .hasMessage("dropequal action requires only 'source_labels' and `target_label`, and no other fields");
        // Values equal to the defaults are not "other fields" for separator and replacement (Prometheus compares values).
        assertThat(RelabelRule.fromYamlValues(List.of("a"), ";", "b", null, 0L, "$1", "keepequal").action())
                .isEqualTo(RelabelAction.KEEPEQUAL);
    }

    @Test
    void labelDropAndLabelKeepAcceptOnlyARegex() {
        assertThatThrownBy(() -> RelabelRule.fromYamlValues(List.of(), null, null, "a.*", null, null, "labeldrop"))
                .hasMessage("labeldrop action requires only 'regex', and no other fields");
        assertThatThrownBy(() -> rule().regex("a.*").targetLabel("x").action(RelabelAction.LABELKEEP).build())
                .hasMessage("labelkeep action requires only 'regex', and no other fields");
        assertThatThrownBy(() -> rule().regex("a.*").separator("/").action(RelabelAction.LABELKEEP).build())
                .hasMessage("labelkeep action requires only 'regex', and no other fields");
        assertThat(rule().regex("a.*").replacement("$1").action(RelabelAction.LABELDROP).build().action())
                .isEqualTo(RelabelAction.LABELDROP);
    }

    @Test
    void labelMapReplacementMustBeATemplatedLabelName() {
        assertThatThrownBy(() -> rule().regex("(.*)").replacement("app-$1").action(RelabelAction.LABELMAP).build())
                .hasMessage("\"app-$1\" is invalid 'replacement' for labelmap action");
        assertThat(rule().regex("x_(.*)").replacement("y_${1}").action(RelabelAction.LABELMAP).build().replacement())
                .isEqualTo("y_${1}");
    }

    @Test
    void sourceLabelsMustBeValidLabelNames() {
        assertThatThrownBy(() -> rule().sourceLabels("app.kubernetes.io/name").targetLabel("a").build())
                .hasMessage("\"app.kubernetes.io/name\" is not a valid label name");
    }

    @Test
    void invalidRegexIsReportedLikeGo() {
        assertThatThrownBy(() -> rule().sourceLabels("a").regex("(foo").targetLabel("b").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("error parsing regexp: ")
                .hasMessageEndingWith("`(foo`");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(a)\\1|error parsing regexp: invalid escape sequence: `\\1`",
            "(?=a)a|error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
            "(?!a)b|error parsing regexp: invalid or unsupported Perl syntax: `(?!`",
            "(?<=a)b|error parsing regexp: invalid or unsupported Perl syntax: `(?<`",
            "(?>a)|error parsing regexp: invalid or unsupported Perl syntax: `(?>`",
            "a++|error parsing regexp: invalid nested repetition operator: `++`",
            "a*+|error parsing regexp: invalid nested repetition operator: `*+`",
            "a{1001}|error parsing regexp: invalid repeat count: `{1001}`",
            "(?P<x>a)(?P<x>b)|error parsing regexp: duplicate capture group name: `x`"})
    void java_only_syntax_that_re2_rejects_is_rejected(String regex, String message) {
        assertThatThrownBy(() -> rule().sourceLabels("a").regex(regex).action(RelabelAction.KEEP).build())
                .hasMessage(message);
    }
}
