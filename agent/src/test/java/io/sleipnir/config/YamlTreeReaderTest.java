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

    @Test
    void mergeKeysAreRejected() {
        assertThatThrownBy(() -> YamlTreeReader.read("base: &b\n  x: 1\nother:\n  <<: *b\n", "t.yaml"))
                .hasMessage("t.yaml:4:3: other: YAML merge keys (\"<<\") are not supported");
    }

    @Test
    void syntaxErrorIsOneLine() {
        assertThatThrownBy(() -> YamlTreeReader.read("a: [1, 2\nb: 3\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("t.yaml:").contains(": invalid YAML: ")
                        .doesNotContain("\n"));
    }
}
