package io.sleipnir.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;

/**
 * Applies a field selector string ({@code a=b,c!=d}, {@code ==} allowed) through fabric8's typed methods, which
 * send it as {@code fieldSelector=a%3Db%2Cc%21%3Dd}.
 */
final class FieldSelectors {
    private FieldSelectors() {
    }

    static FilterWatchListDeletable<Pod, PodList, PodResource> apply(
            FilterWatchListDeletable<Pod, PodList, PodResource> op, String selector) {
        if (selector == null || selector.isBlank()) {
            return op;
        }
        FilterWatchListDeletable<Pod, PodList, PodResource> out = op;
        for (String term : selector.split(",")) {
            String t = term.trim();
            if (t.isEmpty()) {
                continue;
            }
            int ne = t.indexOf("!=");
            if (ne > 0) {
                out = out.withoutField(t.substring(0, ne).trim(), t.substring(ne + 2).trim());
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid field selector term \"" + t + "\" (use key=value or key!=value)");
            }
            String value = t.startsWith("=", eq + 1) ? t.substring(eq + 2) : t.substring(eq + 1);
            out = out.withField(t.substring(0, eq).trim(), value.trim());
        }
        return out;
    }
}
