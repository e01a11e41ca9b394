package io.sleipnir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class YamlTreeReaderTest {

    @Test
    void keepsOneBasedLocationsOfKeysAndValues() throws Exception {
        YamlNode root = YamlTreeReader.read("a:\n  b: 1\n  c: [x, \"y\"]\n", "t.yaml");

        YamlNode.Mapping top = (YamlNode.Mapping) root;
        YamlNode.Entry a = top.entries().get(0);
        assertThat(a.key()).isEqualTo("a");
        assertThat(a.line()).isEqualTo(1);
        assertThat(a.column()).isEqualTo(1);
        YamlNode.Mapping inner = (YamlNode.Mapping) a.value();
        YamlNode.Entry b = inner.entries().get(0);
        assertThat(b.line()).isEqualTo(2);
        assertThat(b.column()).isEqualTo(3);
        assertThat(b.value()).isEqualTo(new YamlNode.Scalar("1", YamlNode.Scalar.Kind.INT, 2, 6));
        YamlNode.Sequence c = (YamlNode.Sequence) inner.entries().get(1).value();
        assertThat(c.line()).isEqualTo(3);
        assertThat(c.column()).isEqualTo(6);
        assertThat(c.items()).containsExactly(
                new YamlNode.Scalar("x", YamlNode.Scalar.Kind.STRING, 3, 7),
                new YamlNode.Scalar("y", YamlNode.Scalar.Kind.STRING, 3, 10));
    }

    @Test
    void scalarKinds() throws Exception {
        YamlNode.Mapping m = (YamlNode.Mapping) YamlTreeReader.read(
                "s: text\nq: '10'\ni: 10\nf: 1.5\nt: true\nn: ~\ne:\nempty: ''\n", "t.yaml");

        assertThat(m.entries()).extracting(e -> ((YamlNode.Scalar) e.value()).kind()).containsExactly(
                YamlNode.Scalar.Kind.STRING, YamlNode.Scalar.Kind.STRING, YamlNode.Scalar.Kind.INT,
                YamlNode.Scalar.Kind.FLOAT, YamlNode.Scalar.Kind.TRUE, YamlNode.Scalar.Kind.NULL,
                YamlNode.Scalar.Kind.NULL, YamlNode.Scalar.Kind.STRING);
    }

    @Test
    void emptyDocumentIsAnEmptyMapping() throws Exception {
        assertThat(YamlTreeReader.read("# only a comment\n", "t.yaml"))
                .isEqualTo(new YamlNode.Mapping(java.util.List.of(), 1, 1));
    }

    @Test
    void duplicateKeyIsAnErrorAtTheSecondKey() {
        assertThatThrownBy(() -> YamlTreeReader.read("a:\n  b: 1\n  c: 2\n  b: 3\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml:4:3: a.b: duplicate key \"b\" (first at line 2)");
    }

    @Test
    void duplicateKeyInsideAListItemNamesTheIndex() {
        assertThatThrownBy(() -> YamlTreeReader.read("l:\n  - x: 1\n  - x: 1\n    x: 2\n", "t.yaml"))
                .hasMessage("t.yaml:4:5: l[1].x: duplicate key \"x\" (first at line 3)");
    }

    @Test
    void secondDocumentIsAnError() {
        assertThatThrownBy(() -> YamlTreeReader.read("a: 1\n---\nb: 2\n", "t.yaml"))
                .hasMessage("t.yaml:3:1: only one YAML document is allowed, found another one");
    }

    @Test
    void leadingDocumentMarkerIsFine() throws Exception {
        assertThat(((YamlNode.Mapping) YamlTreeReader.read("---\na: 1\n", "t.yaml")).entries()).hasSize(1);
    }

    @Test
    void aliasesResolveToTheAnchoredNode() throws Exception {
        YamlNode.Mapping m = (YamlNode.Mapping) YamlTreeReader.read(
                "base: &labels\n  job: x\nother: *labels\n", "t.yaml");

        assertThat(m.entries().get(1).value()).isSameAs(m.entries().get(0).value());
    }

    /** Go's yaml.v2 (Promtail 2.8's decoder) implements YAML 1.1's merge key; so do we. */
    @Test
    void mergeKeyMergesTheAnchoredMapAsPromtailsYamlV2Does() throws Exception {
        YamlNode.Mapping m = (YamlNode.Mapping) YamlTreeReader.read(
                "base: &b\n  x: 1\n  y: 2\nother:\n  <<: *b\n  y: 3\n", "t.yaml");

        YamlNode.Mapping other = (YamlNode.Mapping) m.entries().get(1).value();
        assertThat(other.entries()).extracting(YamlNode.Entry::key).containsExactly("y", "x");
        assertThat(other.entries()).extracting(e -> ((YamlNode.Scalar) e.value()).text()).containsExactly("3", "1");
    }

    @Test
    void mergeKeyTakesAListOfMapsTheEarlierWinning() throws Exception {
        YamlNode.Mapping m = (YamlNode.Mapping) YamlTreeReader.read(
                "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n", "t.yaml");

        YamlNode.Mapping c = (YamlNode.Mapping) m.entries().get(2).value();
        assertThat(c.entries()).extracting(e -> e.key() + "=" + ((YamlNode.Scalar) e.value()).text())
                .containsExactly("x=1", "y=2");
    }

    @Test
    void mergeKeyOfAScalarIsAnError() {
        assertThatThrownBy(() -> YamlTreeReader.read("a:\n  <<: 1\n", "t.yaml"))
                .hasMessage("t.yaml:2:3: a: a merge key (\"<<\") takes a map or a list of maps, got \"1\"");
    }

    /** yaml.v2's resolve table: y, yes, on (any of three casings) are true; n, no, off false; quoted ones strings. */
    @Test
    void yaml11BooleansAsPromtailsYamlV2ResolvesThem() throws Exception {
        YamlNode.Mapping m = (YamlNode.Mapping) YamlTreeReader.read(
                "a: yes\nb: On\nc: y\nd: NO\ne: off\nf: n\ng: 'yes'\nh: yess\n", "t.yaml");

        assertThat(m.entries()).extracting(e -> ((YamlNode.Scalar) e.value()).kind()).containsExactly(
                YamlNode.Scalar.Kind.TRUE, YamlNode.Scalar.Kind.TRUE, YamlNode.Scalar.Kind.TRUE,
                YamlNode.Scalar.Kind.FALSE, YamlNode.Scalar.Kind.FALSE, YamlNode.Scalar.Kind.FALSE,
                YamlNode.Scalar.Kind.STRING, YamlNode.Scalar.Kind.STRING);
    }

    // ---- hostile input: an error with a location, never a crash or a stall ----

    @Test
    void twentyThousandNestedListsAreAnErrorNotAStackOverflow() {
        assertThatThrownBy(() -> YamlTreeReader.read("a: " + "[".repeat(20_000) + "]".repeat(20_000), "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml:1:103: YAML nested more than 100 levels deep; no Promtail config needs that"
                        + " many");
    }

    @Test
    void nestingUpToTheLimitIsRead() throws Exception {
        // 1 (the top map) + 99 lists = 100 levels.
        assertThat(YamlTreeReader.read("a: " + "[".repeat(99) + "]".repeat(99), "t.yaml"))
                .isInstanceOf(YamlNode.Mapping.class);
    }

    @Test
    void billionLaughsIsAnErrorAtTheAliasThatExceedsTheBudget() {
        StringBuilder yaml = new StringBuilder("l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 9; i++) {
            yaml.append("l").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        assertThatThrownBy(() -> YamlTreeReader.read(yaml.toString(), "t.yaml"))
                .hasMessage("t.yaml:6:45: YAML aliases expand to more than 1000000 nodes (an alias of an alias of"
                        + " ...: a \"billion laughs\" document)");
    }

    @Test
    void aMegabyteTokenIsRefusedBeforeTheParserSeesIt() {
        assertThatThrownBy(() -> YamlTreeReader.read("a: b\nc: " + "x".repeat(1_000_000), "t.yaml"))
                .hasMessage("t.yaml:2:4: more than 65536 characters without a space or line break; a config value"
                        + " this long is refused (split it, or read it from a file)");
    }

    @Test
    void aLongValueWithSpacesIsFine() throws Exception {
        YamlNode.Mapping m = (YamlNode.Mapping) YamlTreeReader.read("a: " + "word ".repeat(100_000), "t.yaml");
        assertThat(((YamlNode.Scalar) m.entries().get(0).value()).text()).hasSize(499_999);
    }

    @Test
    void anErrorQuotesTheStartOfALongValueOnly() {
        YamlNode.Scalar scalar = new YamlNode.Scalar("x".repeat(1000), YamlNode.Scalar.Kind.STRING, 1, 1);
        assertThat(scalar.describe()).isEqualTo("\"" + "x".repeat(80) + "...\"");
    }

    @Test
    void syntaxErrorIsOneLine() {
        assertThatThrownBy(() -> YamlTreeReader.read("a: [1, 2\nb: 3\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("t.yaml:").contains(": invalid YAML: ")
                        .doesNotContain("\n"));
    }
}
