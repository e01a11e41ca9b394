package io.sleipnir.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher indexes only name, namespace and labels, so it answers a {@code spec.nodeName} field
 * selector with nothing (STYLE.md, trap 2). This one records the node each list or watch asked for and then ignores
 * that term, as an API server that does not filter by node would: every pod comes back, and the scenario proves that
 * the shipped config's {@code __host__} rule keeps the other node's pods out (the e2e scenarios, the image test). The node-scoped request itself is
 * proven against exact paths in {@code NodeScopedWatchTest}.
 */
public final class NodeSelectorIgnoringDispatcher extends KubernetesCrudDispatcher {
    private static final Pattern NODE_TERM = Pattern.compile("spec\\.nodeName%3D([^&%]*)(%2C)?");
    private final List<String> requestedNodes = new CopyOnWriteArrayList<>();

    /** The nodes the lists and watches asked for, in order. */
    public List<String> requestedNodes() {
        return requestedNodes;
    }

    @Override
    public MockResponse handleGet(String path) {
        return super.handleGet(withoutNodeTerm(path));
    }

    @Override
    public MockResponse handleWatch(String path) {
        return super.handleWatch(withoutNodeTerm(path));
    }

    private String withoutNodeTerm(String path) {
        Matcher m = NODE_TERM.matcher(path);
        if (!m.find()) {
            return path;
        }
        requestedNodes.add(m.group(1));
        String stripped = m.replaceAll("");
        return stripped.replace("fieldSelector=&", "").replaceAll("[?&]fieldSelector=$", "").replace("?&", "?");
    }
}
