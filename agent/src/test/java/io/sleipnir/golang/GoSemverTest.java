package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sprig's {@code semver} and {@code semverCompare} on Masterminds/semver v3.2.0: sprig's semver_test.go cases and
 * the constraint rules of semver's README (caret, tilde, wildcards, ranges, pre-releases), as facts.
 */
class GoSemverTest {
    private static String run(String template) throws Exception {
        return GoTemplate.parse(template).execute(Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // sprig semver_test.go TestSemver / TestSemverCompare
        "{{ $s := semver \"1.2.3-beta.1+c0ff33\" }}{{ $s.Prerelease }}|beta.1",
        "{{ $s := semver \"1.2.3-beta.1+c0ff33\" }}{{ $s.Major}}|1",
        "{{ semverCompare \"1.2.3\" \"1.2.3\" }}|true",
        "{{ semverCompare \"^1.2.0\" \"1.2.3\" }}|true",
        "{{ semverCompare \"^1.2.0\" \"2.2.3\" }}|false",
        // Version.String() normalizes; Original keeps the text
        "{{ semver \"v1.2\" }} {{ $v := semver \"v1.2\" }}{{ $v.Original }} {{ $v.Minor }} [{{ $v.Metadata }}]|1.2.0 v1.2 2 []",
        "{{ semver \"1.2.3+build.5\" }} {{ kindOf (semver \"1.2.3+build.5\") }}|1.2.3+build.5 ptr"})
    void sprigSemver(String template, String expected) throws Exception {
        assertThat(run(template)).isEqualTo(expected == null ? "" : expected);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "=2.0.0, 1.2.3, false", "=2.0.0, 2.0.0, true", "4.1, 4.1.0, true", "!=4.1, 4.1.0, false",
        "!=4.1, 5.1.0, true", "!=4.x, 5.1.0, true", "!=4.x, 4.1.0, false", "!=1.2.3, 1.2.4-beta, true",
        ">1.1, 4.1.0, true", ">1.1, 1.1.0, false", ">1.1, 1.1.9, false", ">11, 11.1.0, false", "<1.1, 0.1.0, true",
        "<1.1, 1.1.0, false", "<1.x, 1.1.1, false", ">=1.1, 4.1.0, true", ">=1.1, 1.1.0, true", ">=1.1, 0.0.9, false",
        "<=1.1, 0.1.0, true", "<=1.1, 1.1.1, true", "<=2.x, 3.1.0, false", "^1.2.3, 1.8.9, true",
        "^1.2.3, 2.8.9, false", "^1.2.3, 1.2.1, false", "^1.2.0, 1.2.1-alpha.1, false",
        "^1.2.0-alpha.0, 1.2.1-alpha.1, true", "^1.2.0-alpha.2, 1.2.0-alpha.1, false", "^1.2, 1.8.9, true",
        "^1, 1.8.9, true", "^0.2.3, 0.2.5, true", "^0.2.3, 0.5.6, false", "^0.2, 0.2.5, true", "^0.0.3, 0.0.3, true",
        "^0.0.3, 0.0.4, false", "^0.0, 0.0.3, true", "^0.0, 0.1.4, false", "^0, 0.2.3, true", "^0, 1.1.4, false",
        "~1.2.3, 1.2.4, true", "~1.2.3, 1.3.4, false", "~1.2, 1.2.4, true", "~1.2, 1.3.4, false", "~1, 1.2.4, true",
        "~1, 2.3.4, false", "~0.2.3, 0.2.5, true", "~0.2.3, 0.3.5, false", "~1.2.3-beta.2, 1.2.3-beta.4, true",
        "*, 1.2.3, true", "2.*, 2.1.3, true", "2.*, 3.1.3, false", "1.2.x, 1.2.9, true", "1.2.x, 1.3.0, false",
        "1.1 - 2, 1.1.1, true", "1.1 - 3, 4.3.2, false", "1.2.3 - 2.3.4, 2.3.5, false",
        ">=1.1 <2, 2.1.0, false", ">=1.1 <2, 1.5.0, true", ">=1.1, 1.2.0-beta, false", ">=1.1-0, 1.2.0-beta, true",
        "1.0.0-beta.2 || 2.x, 2.0.1, true", "1.0.0-beta.2 || 2.x, 1.0.0-beta.11, false"})
    void constraints(String constraint, String version, boolean expected) throws Exception {
        assertThat(run("{{ semverCompare \"" + constraint.replace("\"", "") + "\" \"" + version + "\" }}"))
                .isEqualTo(String.valueOf(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ semverCompare \"badConstraint\" \"1.2.3\" }}", "{{ semverCompare \"1.2.0\" \"badVersion\" }}",
        "{{ semver \"1.2.3-01\" }}", "{{ $v := semver \"1.0.0\" }}{{ $v.Nope }}"})
    void errorsFailTheExecution(String template) {
        assertThatThrownBy(() -> run(template)).isInstanceOf(GoTemplate.ExecutionException.class);
    }
}
