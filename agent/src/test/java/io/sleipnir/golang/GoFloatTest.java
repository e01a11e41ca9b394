package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected texts are Go's documented {@code strconv.FormatFloat} results (pkg.go.dev/strconv#FormatFloat: precision
 * -1 uses "the smallest number of digits necessary to represent the value uniquely"); 'g' switches to the exponent
 * form for exponents below -4 or at least 6 when the precision is the shortest (strconv/ftoa.go, %e rule).
 */
class GoFloatTest {

    @ParameterizedTest(name = "goStrconvFormatFloat_f: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0|0",
            "-0.0|-0",
            "2|2",
            "-1.5|-1.5",
            "0.1|0.1",
            "0.30000000000000004|0.30000000000000004",
            "1e21|1000000000000000000000",
            "123456789012345678|123456789012345680",
            "1e-7|0.0000001",
            "NaN|NaN",
            "Infinity|+Inf",
            "-Infinity|-Inf",
    })
    void goStrconvFormatFloat_f(double value, String go) {
        assertThat(GoFloat.formatF(value)).isEqualTo(go);
    }

    /** Issue 8 item 14: Promtail renders 5e-324 as label text with 'f', Go's shortest digits: ...005, not ...0049. */
    @org.junit.jupiter.api.Test
    void goStrconvFormatFloat_f_smallestSubnormalsUseTheShortestDigits() {
        assertThat(GoFloat.formatF(Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(323) + "5");
        assertThat(GoFloat.formatF(2 * Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(322) + "1");
    }

    @ParameterizedTest(name = "goStrconvFormatFloat_g: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0|0",
            "1|1",
            "2|2",
            "-1|-1",
            "0.5|0.5",
            "0.005|0.005",
            "0.0001|0.0001",
            "0.00001|1e-05",
            "2.5|2.5",
            "100|100",
            "123456|123456",
            "1000000|1e+06",
            "1234567|1.234567e+06",
            "1e21|1e+21",
            "1.7976931348623157e308|1.7976931348623157e+308",
            "4.9e-324|5e-324",
            "9.9e-324|1e-323",
            "0.30000000000000004|0.30000000000000004",
            "Infinity|+Inf",
    })
    void goStrconvFormatFloat_g(double value, String go) {
        assertThat(GoFloat.formatG(value)).isEqualTo(go);
    }

    @ParameterizedTest(name = "goStrconvFormatFloat_e: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0|0e+00",
            "1|1e+00",
            "1e21|1e+21",
            "1.5e-7|1.5e-07",
            "4.9e-324|5e-324",
            "-123.456|-1.23456e+02",
    })
    void goStrconvFormatFloat_e(double value, String go) {
        assertThat(GoFloat.formatE(value)).isEqualTo(go);
    }

    @ParameterizedTest(name = "shortestDigitsRoundTrip: {0}")
    @CsvSource({"0.1", "1e23", "2e-3", "5e-324", "2.2250738585072014e-308", "8.41e21", "9007199254740993", "0.3"})
    void shortestDigitsRoundTripAndNeverExceedJavasOwn(double value) {
        GoFloat.Digits d = GoFloat.shortest(value);
        assertThat(Double.parseDouble("0." + d.digits() + "e" + d.point())).isEqualTo(value);
        assertThat(d.digits().length()).isLessThanOrEqualTo(
                new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().precision());
    }
}
