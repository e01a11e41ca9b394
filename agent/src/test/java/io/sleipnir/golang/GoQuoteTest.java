package io.sleipnir.golang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The same text Go's {@code strconv.Quote} prints for the characters users put in labels and paths. */
class GoQuoteTest {

    @Test
    void quotesLikeGo() {
        assertThat(GoQuote.quote("app.kubernetes.io/name")).isEqualTo("\"app.kubernetes.io/name\"");
        assertThat(GoQuote.quote("")).isEqualTo("\"\"");
        assertThat(GoQuote.quote("say \"hi\"\\")).isEqualTo("\"say \\\"hi\\\"\\\\\"");
        assertThat(GoQuote.quote("a\tb\nc\rd")).isEqualTo("\"a\\tb\\nc\\rd\"");
        assertThat(GoQuote.quote("\u0001\u001f\u007f")).isEqualTo("\"\\x01\\x1f\\x7f\"");
        assertThat(GoQuote.quote("été")).isEqualTo("\"été\"");
    }
}
