package io.sleipnir.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.sleipnir.model.Labels;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every action with Prometheus' semantics. Cases marked "relabel_test.go" reproduce a case of Prometheus'
 * {@code model/relabel/relabel_test.go TestRelabel} (rewritten from its inputs and expected outputs).
 */
class RelabelerTest {

    private static RelabelRule.Builder rule() {
        return RelabelRule.builder();
    }

    private static Labels process(Labels in, RelabelRule... rules) {
        return Relabeler.process(in, List.of(rules));
    }

    @Nested
    class Replace {
        @Test
        void defaultsCopyTheSourceValueToTheTarget() {
            Labels out = process(Labels.of("__meta_kubernetes_namespace", "shop"),
                    rule().sourceLabels("__meta_kubernetes_namespace").targetLabel("namespace").build());
            assertThat(out).isEqualTo(Labels.of("__meta_kubernetes_namespace", "shop", "namespace", "shop"));
        }

        @Test
        void bracedGroupsInReplacement() {
            // relabel_test.go: a=foo, regex f(.*), replacement ch${1}-ch${1} -> d=choo-choo
            Labels out = process(Labels.of("a", "foo", "b", "bar", "c", "baz"),
                    rule().sourceLabels("a").regex("f(.*)").targetLabel("d").replacement("ch${1}-ch${1}").build());
            assertThat(out).isEqualTo(Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo"));
        }

        @Test
        void chainedRulesSeeEarlierResultsAndJoinWithSeparator() {
            // relabel_test.go: a;b -> a=boobam, then c;a matched by (b).*b(.*)ba(.*) -> d=boooom
            Labels out = process(Labels.of("a", "foo", "b", "bar", "c", "baz"),
                    rule().sourceLabels("a", "b").regex("f(.*);(.*)r").targetLabel("a").replacement("b${1}${2}m").build(),
                    rule().sourceLabels("c", "a").regex("(b).*b(.*)ba(.*)").targetLabel("d").replacement("$1$2$2$3").build());
            assertThat(out).isEqualTo(Labels.of("a", "boobam", "b", "bar", "c", "baz", "d", "boooom"));
        }

        @Test
        void regexIsAnchoredSoAPartialMatchDoesNothing() {
            // relabel_test.go: "No replacement must be applied if there is no match." a=boo, regex f
            Labels out = process(Labels.of("a", "boo"),
                    rule().sourceLabels("a").regex("f").targetLabel("b").replacement("bar").build());
            assertThat(out).isEqualTo(Labels.of("a", "boo"));
        }

        @Test
        void unanchoringWithDotStarAsTheDocsSay() {
            // relabel_test.go: a=abc, regex .*(b).* -> d=b ; docs: "To un-anchor the regex, use .*<regex>.*"
            Labels out = process(Labels.of("a", "abc"),
                    rule().sourceLabels("a").regex(".*(b).*").targetLabel("d").build());
            assertThat(out).isEqualTo(Labels.of("a", "abc", "d", "b"));
        }

        @Test
        void emptyResultDeletesTheTarget() {
            Labels out = process(Labels.of("a", "x", "gone", "old"),
                    rule().sourceLabels("missing").targetLabel("gone").build());
            assertThat(out).isEqualTo(Labels.of("a", "x"));
        }

        @Test
        void missingSourceLabelsCountAsEmptyStrings() {
            Labels out = process(Labels.of("b", "2"),
                    rule().sourceLabels("a", "b", "c").targetLabel("joined").build());
            assertThat(out.get("joined")).isEqualTo(";2;");
        }

        @Test
        void staticReplacementWithoutSourceLabelsSetsALabel() {
            Labels out = process(Labels.of("a", "1"), rule().targetLabel("env").replacement("prod").build());
            assertThat(out).isEqualTo(Labels.of("a", "1", "env", "prod"));
        }

        @Test
        void templatedTargetLabel() {
            // relabel_test.go "valid case": target ${1}, replacement ${2} on some-name-value -> name=value
            Labels out = process(Labels.of("a", "some-name-value"),
                    rule().sourceLabels("a").regex("some-([^-]+)-([^,]+)").targetLabel("${1}").replacement("${2}").build());
            assertThat(out).isEqualTo(Labels.of("a", "some-name-value", "name", "value"));
        }

        @Test
        void templatedTargetWithEmptyReplacementChangesNothing() {
            // relabel_test.go "invalid replacement": replacement ${3} does not exist -> ""
            Labels out = process(Labels.of("a", "some-name-value"),
                    rule().sourceLabels("a").regex("some-([^-]+)-([^,]+)").targetLabel("${1}").replacement("${3}").build());
            assertThat(out).isEqualTo(Labels.of("a", "some-name-value"));
        }

        @Test
        void templatedTargetThatExpandsToAnInvalidNameDoesNothing() {
            // relabel_test.go "invalid target_labels": ${3} -> "" and, in the second form, 0 would start a name
            Labels in = Labels.of("a", "some-name-0");
            Labels out = process(in,
                    rule().sourceLabels("a").regex("some-([^-]+)-([^,]+)").targetLabel("${3}").replacement("${1}").build(),
                    rule().sourceLabels("a").regex("some-([^-]+)-([^,]+)").targetLabel("${2}").replacement("${1}").build(),
                    rule().sourceLabels("a").regex("some-([^-]+)(-[^,]+)").targetLabel("${2}").replacement("${1}").build());
            assertThat(out).isEqualTo(in);
        }

        @Test
        void realLifeTagParsing() {
            // relabel_test.go "more complex real-life like usecase" (__meta_sd_tags)
            Labels out = process(Labels.of("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar"),
                    rule().sourceLabels("__meta_sd_tags").regex("(?:.+,|^)path:(/[^,]+).*")
                            .targetLabel("__metrics_path__").replacement("${1}").build(),
                    rule().sourceLabels("__meta_sd_tags").regex("(?:.+,|^)job:([^,]+).*")
                            .targetLabel("job").replacement("${1}").build(),
                    rule().sourceLabels("__meta_sd_tags").regex("(?:.+,|^)label:([^=]+)=([^,]+).*")
                            .targetLabel("${1}").replacement("${2}").build());
            assertThat(out).isEqualTo(Labels.of("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar",
                    "__metrics_path__", "/secret", "job", "some-job", "foo", "bar"));
        }

        @Test
        void conformanceExampleFromConfGoodYml() {
            // prometheus config/testdata/conf.good.yml: regex "(.*)some-[regex]", replacement foo-${1}
            Labels out = process(Labels.of("job", "x", "__meta_dns_name", "abc-some-r"),
                    rule().sourceLabels("job", "__meta_dns_name").regex("(.*)some-[regex]")
                            .targetLabel("job").replacement("foo-${1}").build());
            assertThat(out.get("job")).isEqualTo("foo-x;abc-");
        }

        @Test
        void namedGroupsInRe2Syntax() {
            Labels out = process(Labels.of("__meta_pod", "shop_orders-7d9f"),
                    rule().sourceLabels("__meta_pod").regex("(?P<app_name>[a-z_]+)-(?P<hash>.*)")
                            .targetLabel("app").replacement("$app_name/${hash}").build());
            assertThat(out.get("app")).isEqualTo("shop_orders/7d9f");
        }

        @Test
        void replaceLeavesTheInstanceUntouchedWhenNothingChanges() {
            Labels in = Labels.of("a", "1");
            assertThat(process(in, rule().sourceLabels("a").regex("2").targetLabel("b").build())).isSameAs(in);
        }
    }

    @Nested
    class KeepAndDrop {
        @Test
        void dropWhenTheRegexMatches() {
            // relabel_test.go: a=foo, drop .*o.* -> dropped (the later replace never runs)
            assertThat(process(Labels.of("a", "foo", "b", "bar"),
                    rule().sourceLabels("a").regex(".*o.*").action(RelabelAction.DROP).build(),
                    rule().sourceLabels("a").regex("f(.*)").targetLabel("d").replacement("ch$1-ch$1").build()))
                    .isNull();
        }

        @Test
        void dropNeedsAFullMatch() {
            // relabel_test.go: drop no-match and drop f|o both keep a=foo (f|o is anchored)
            Labels in = Labels.of("a", "foo");
            assertThat(process(in, rule().sourceLabels("a").regex("no-match").action(RelabelAction.DROP).build()))
                    .isEqualTo(in);
            assertThat(process(in, rule().sourceLabels("a").regex("f|o").action(RelabelAction.DROP).build()))
                    .isEqualTo(in);
        }

        @Test
        void keepWhenTheRegexMatches() {
            // relabel_test.go: keep no-match drops; keep f.* keeps
            Labels in = Labels.of("a", "foo");
            assertThat(process(in, rule().sourceLabels("a").regex("no-match").action(RelabelAction.KEEP).build()))
                    .isNull();
            assertThat(process(in, rule().sourceLabels("a").regex("f.*").action(RelabelAction.KEEP).build()))
                    .isEqualTo(in);
        }

        @Test
        void keepWithTheDefaultRegexKeepsEverything() {
            Labels in = Labels.of("a", "foo");
            assertThat(process(in, rule().sourceLabels("missing").action(RelabelAction.KEEP).build())).isEqualTo(in);
        }

        @Test
        void dropAnEmptyValueWithCaretDollar() {
            // Promtail scrape_config.libsonnet: drop pods without a __service__ label (regex '^$')
            RelabelRule dropNoService = rule().sourceLabels("__service__").regex("^$").action(RelabelAction.DROP).build();
            assertThat(process(Labels.of("a", "1"), dropNoService)).isNull();
            assertThat(process(Labels.of("__service__", "api"), dropNoService)).isNotNull();
        }

        @Test
        void labelDropThenReplaceThenKeep() {
            // relabel_test.go: from prometheus/prometheus#12283
            Labels out = process(Labels.of("__meta_kubernetes_pod_container_port_name", "foo",
                            "__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091"),
                    rule().regex("^__meta_kubernetes_pod_container_port_name$").action(RelabelAction.LABELDROP).build(),
                    rule().sourceLabels("__meta_kubernetes_pod_annotation_XXX_metrics_port").regex("(.+)")
                            .replacement("metrics").targetLabel("__meta_kubernetes_pod_container_port_name").build(),
                    rule().sourceLabels("__meta_kubernetes_pod_container_port_name").regex("^metrics$")
                            .action(RelabelAction.KEEP).build());
            assertThat(out).isEqualTo(Labels.of("__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091",
                    "__meta_kubernetes_pod_container_port_name", "metrics"));
        }

        @Test
        void aValueWithATrailingNewlineDoesNotMatchWithoutIt() {
            // RE2's $ is end of text; Java's would also match before a final newline.
            RelabelRule keepFoo = rule().sourceLabels("a").regex("foo$").action(RelabelAction.KEEP).build();
            assertThat(process(Labels.of("a", "foo\n"), keepFoo)).isNull();
            assertThat(process(Labels.of("a", "foo"), keepFoo)).isNotNull();
        }
    }

    @Nested
    class KeepEqualAndDropEqual {
        private final Labels ports = Labels.of("__tmp_port", "1234", "__port1", "1234", "__port2", "5678");

        @Test
        void keepEqual() {
            // relabel_test.go: keepequal __tmp_port vs __port1 keeps; vs __port2 drops
            assertThat(process(ports, rule().sourceLabels("__tmp_port").targetLabel("__port1")
                    .action(RelabelAction.KEEPEQUAL).build())).isEqualTo(ports);
            assertThat(process(ports, rule().sourceLabels("__tmp_port").targetLabel("__port2")
                    .action(RelabelAction.KEEPEQUAL).build())).isNull();
        }

        @Test
        void dropEqual() {
            // relabel_test.go: dropequal __tmp_port vs __port1 drops; vs __port2 keeps
            assertThat(process(ports, rule().sourceLabels("__tmp_port").targetLabel("__port1")
                    .action(RelabelAction.DROPEQUAL).build())).isNull();
            assertThat(process(ports, rule().sourceLabels("__tmp_port").targetLabel("__port2")
                    .action(RelabelAction.DROPEQUAL).build())).isEqualTo(ports);
        }

        @Test
        void aMissingTargetEqualsAnEmptySource() {
            assertThat(process(Labels.of("a", "1"), rule().sourceLabels("x").targetLabel("y")
                    .action(RelabelAction.KEEPEQUAL).build())).isEqualTo(Labels.of("a", "1"));
        }
    }

    @Nested
    class HashMod {
        @Test
        void md5LastEightBytesModulus() {
            // relabel_test.go: c=baz, modulus 1000 -> d=976
            Labels out = process(Labels.of("a", "foo", "b", "bar", "c", "baz"),
                    rule().sourceLabels("c").targetLabel("d").modulus(1000).action(RelabelAction.HASHMOD).build());
            assertThat(out.get("d")).isEqualTo("976");
        }

        @Test
        void hashesTheRawBytesIncludingNewlines() {
            // relabel_test.go: a="foo\nbar", modulus 1000 -> b=734
            Labels out = process(Labels.of("a", "foo\nbar"),
                    rule().sourceLabels("a").targetLabel("b").modulus(1000).action(RelabelAction.HASHMOD).build());
            assertThat(out.get("b")).isEqualTo("734");
        }

        @Test
        void usesUnsignedArithmetic() {
            // md5("baz")[8:] has its top bit set, so a signed long remainder would be negative. Expected values
            // computed independently: int.from_bytes(md5(b"baz").digest()[8:], "big") % m in Python.
            assertThat(Relabeler.hashMod("baz", Long.MAX_VALUE)).isEqualTo(7227425850715500169L);
            assertThat(Relabeler.hashMod("c", 7)).isZero();
            assertThat(Relabeler.hashMod("d", 7)).isEqualTo(6);
        }
    }

    @Nested
    class LabelMap {
        @Test
        void copiesMatchingLabels() {
            // relabel_test.go: (b.*) -> bar_${1}
            Labels out = process(Labels.of("a", "foo", "b1", "bar", "b2", "baz"),
                    rule().regex("(b.*)").replacement("bar_${1}").action(RelabelAction.LABELMAP).build());
            assertThat(out).isEqualTo(Labels.of("a", "foo", "b1", "bar", "b2", "baz", "bar_b1", "bar", "bar_b2", "baz"));
        }

        @Test
        void stripsAPrefix() {
            // relabel_test.go: __meta_(my.*) -> ${1}
            Labels out = process(Labels.of("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc"),
                    rule().regex("__meta_(my.*)").replacement("${1}").action(RelabelAction.LABELMAP).build());
            assertThat(out).isEqualTo(Labels.of("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb",
                    "__meta_other", "ccc", "my_bar", "aaa", "my_baz", "bbb"));
        }

        @Test
        void defaultReplacementIsTheFirstGroup() {
            Labels out = process(Labels.of("__meta_kubernetes_pod_label_app", "api"),
                    rule().regex("__meta_kubernetes_pod_label_(.+)").action(RelabelAction.LABELMAP).build());
            assertThat(out.get("app")).isEqualTo("api");
        }
    }

    @Nested
    class LabelDropAndKeep {
        @Test
        void labelKeep() {
            // relabel_test.go: labelkeep (b.*)
            assertThat(process(Labels.of("a", "foo", "b1", "bar", "b2", "baz"),
                    rule().regex("(b.*)").action(RelabelAction.LABELKEEP).build()))
                    .isEqualTo(Labels.of("b1", "bar", "b2", "baz"));
        }

        @Test
        void labelDrop() {
            // relabel_test.go: labeldrop (b.*)
            assertThat(process(Labels.of("a", "foo", "b1", "bar", "b2", "baz"),
                    rule().regex("(b.*)").action(RelabelAction.LABELDROP).build()))
                    .isEqualTo(Labels.of("a", "foo"));
        }
    }

    @Nested
    class Case {
        @Test
        void lowerAndUpper() {
            // relabel_test.go: foo=bAr123Foo -> foo_uppercase, foo_lowercase
            Labels out = process(Labels.of("foo", "bAr123Foo"),
                    rule().sourceLabels("foo").targetLabel("foo_uppercase").action(RelabelAction.UPPERCASE).build(),
                    rule().sourceLabels("foo").targetLabel("foo_lowercase").action(RelabelAction.LOWERCASE).build());
            assertThat(out).isEqualTo(Labels.of("foo", "bAr123Foo", "foo_lowercase", "bar123foo", "foo_uppercase", "BAR123FOO"));
        }

        @Test
        void caseMappingIsGoSimplePerRuneNotJavaLocaleAware() {
            assertThat(Relabeler.mapCase("straße", true)).isEqualTo("STRAßE");
            assertThat(Relabeler.mapCase("ΟΔΟΣ", false)).isEqualTo("οδοσ");
            assertThat(Relabeler.mapCase("TITLE", false)).isEqualTo("title");
        }

        @Test
        void anEmptySourceDeletesTheTarget() {
            Labels out = process(Labels.of("t", "old"),
                    rule().sourceLabels("missing").targetLabel("t").action(RelabelAction.LOWERCASE).build());
            assertThat(out).isEqualTo(Labels.empty());
        }
    }

    @Nested
    class PromtailKubernetes {
        private final Labels pod = Labels.of(
                "__meta_kubernetes_namespace", "shop",
                "__meta_kubernetes_pod_name", "orders-7d9f-x2",
                "__meta_kubernetes_pod_node_name", "node-a",
                "__meta_kubernetes_pod_uid", "0f3c-11",
                "__meta_kubernetes_pod_container_name", "orders",
                "__meta_kubernetes_pod_label_app", "orders",
                "__meta_kubernetes_pod_label_pod_template_hash", "7d9f");

        /** anchors §1.7, from Promtail's production/ksonnet/promtail/scrape_config.libsonnet and Helm chart. */
        private final List<RelabelRule> canonical = List.of(
                rule().sourceLabels("__meta_kubernetes_pod_label_app").targetLabel("__service__").build(),
                rule().sourceLabels("__meta_kubernetes_pod_node_name").targetLabel("__host__").build(),
                rule().sourceLabels("__service__").regex("").action(RelabelAction.DROP).build(),
                rule().sourceLabels("__meta_kubernetes_namespace", "__service__").separator("/")
                        .targetLabel("job").replacement("$1").action(RelabelAction.REPLACE).build(),
                rule().sourceLabels("__meta_kubernetes_namespace").targetLabel("namespace").build(),
                rule().sourceLabels("__meta_kubernetes_pod_name").targetLabel("pod").build(),
                rule().sourceLabels("__meta_kubernetes_pod_container_name").targetLabel("container").build(),
                rule().regex("__meta_kubernetes_pod_label_(.+)").action(RelabelAction.LABELMAP).build(),
                rule().sourceLabels("__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name")
                        .separator("/").targetLabel("__path__").replacement("/var/log/pods/*$1/*.log").build());

        @Test
        void producesHostPathAndStreamLabels() {
            Labels out = Relabeler.process(pod, canonical);

            assertThat(out.get("__host__")).isEqualTo("node-a");
            assertThat(out.get("__path__")).isEqualTo("/var/log/pods/*0f3c-11/orders/*.log");
            assertThat(out.withoutInternal()).isEqualTo(Labels.of(
                    "app", "orders", "container", "orders", "job", "shop/orders", "namespace", "shop",
                    "pod", "orders-7d9f-x2", "pod_template_hash", "7d9f"));
        }

        @Test
        void podWithoutServiceIsDropped() {
            assertThat(Relabeler.process(pod.without("__meta_kubernetes_pod_label_app"), canonical)).isNull();
        }
    }

    @Test
    void noRulesReturnsTheInput() {
        Labels in = Labels.of("a", "1");
        assertThat(Relabeler.process(in, List.of())).isSameAs(in);
    }
}
