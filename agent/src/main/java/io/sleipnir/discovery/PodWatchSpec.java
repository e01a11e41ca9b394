package io.sleipnir.discovery;

import io.sleipnir.config.KubernetesSdConfig;
import java.util.List;
import java.util.TreeSet;

/**
 * What one pod informer watches. Scrape configs whose specs are equal share one informer (and one API connection):
 * same API server or kubeconfig, same namespaces, same label and field selectors.
 *
 * @param namespaces sorted; empty with {@code ownNamespace} false means all namespaces
 * @param fieldSelector the user's pod field selector with {@code spec.nodeName=<node>} appended (Promtail's
 *     {@code fulfillKubePodSelector}), unless the user's selector already constrains {@code spec.nodeName}
 */
record PodWatchSpec(String apiServer, String kubeconfigFile, List<String> namespaces, boolean ownNamespace,
        String labelSelector, String fieldSelector) {

    static final String NODE_FIELD = "spec.nodeName";

    PodWatchSpec {
        namespaces = List.copyOf(new TreeSet<>(namespaces));
    }

    static PodWatchSpec of(KubernetesSdConfig sd, String nodeName) {
        String label = null;
        String field = null;
        for (KubernetesSdConfig.Selector s : sd.selectors()) {
            if (s.role().equals("pod")) {
                label = blankToNull(s.label());
                field = blankToNull(s.field());
            }
        }
        String nodeSelector = NODE_FIELD + "=" + nodeName;
        if (field == null) {
            field = nodeSelector;
        } else if (!field.contains(NODE_FIELD)) {
            field = field + "," + nodeSelector;
        }
        return new PodWatchSpec(sd.apiServer(), sd.kubeconfigFile(), sd.namespaces(), sd.ownNamespace(), label, field);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
