package io.sleipnir.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pod informer per namespace of a {@link PodWatchSpec} (fabric8 informers watch one namespace or all), shared by
 * every scrape config with that spec. Keeps the current target group of each pod and calls {@code onChange} after
 * every change.
 *
 * <p>Errors: fabric8's informer re-lists after a watch is closed or expires (410 Gone) and reports the differences
 * as add, update and delete events. Our exception handler logs every failure (unreachable server, 403, ...) and
 * asks the informer to keep retrying; the groups already known stay as they are until the API server says
 * otherwise, so a flaky API never stops tailing.
 */
final class PodWatch implements TargetGroupProvider, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PodWatch.class.getName());

    private final PodWatchSpec spec;
    private final Map<String, TargetGroup> groups = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<Pod>> informers = new ArrayList<>();
    private KubernetesClient client;
    /** "API server URL (credential source)", for failure messages. */
    private String endpoint = "";
    private volatile Runnable onChange = () -> { };

    PodWatch(PodWatchSpec spec) {
        this.spec = spec;
    }

    PodWatchSpec spec() {
        return spec;
    }

    @Override
    public List<TargetGroup> groups() {
        return List.copyOf(groups.values());
    }

    /** Starts the informers without waiting for the first list: an unreachable API server must not stop tailing. */
    synchronized void start(ClientFactory clients, Runnable onChange) throws IOException {
        this.onChange = onChange;
        client = clients.create(spec.apiServer(), spec.kubeconfigFile());
        endpoint = client.getMasterUrl() + " (" + CredentialSource.describe(spec.apiServer(), spec.kubeconfigFile())
                + ")";
        List<String> namespaces = new ArrayList<>(spec.namespaces());
        if (spec.ownNamespace()) {
            String own = client.getNamespace();
            if (own == null || own.isEmpty()) {
                client.close();
                throw new IOException("namespaces.own_namespace: cannot tell the agent's own namespace");
            }
            if (!namespaces.contains(own)) {
                namespaces.add(own);
            }
        }
        if (namespaces.isEmpty()) {
            informers.add(inform(client.pods().inAnyNamespace(), "all namespaces"));
        } else {
            for (String ns : namespaces) {
                informers.add(inform(client.pods().inNamespace(ns), "namespace " + ns));
            }
        }
    }

    private SharedIndexInformer<Pod> inform(FilterWatchListDeletable<Pod, PodList, PodResource> pods, String scope) {
        FilterWatchListDeletable<Pod, PodList, PodResource> selected = pods;
        if (spec.labelSelector() != null) {
            selected = selected.withLabelSelector(spec.labelSelector());
        }
        selected = FieldSelectors.apply(selected, spec.fieldSelector());
        SharedIndexInformer<Pod> informer = selected.runnableInformer(0);
        informer.addEventHandler(new Handler());
        informer.exceptionHandler((started, error) -> {
            LOG.log(Level.WARNING, "pod watch of " + scope + " (" + spec.fieldSelector() + ") at " + endpoint
                    + " failed: " + WatchErrors.describe(error) + "; retrying, known targets are kept");
            return true;
        });
        informer.start().whenComplete((ignored, error) -> {
            if (error == null) {
                LOG.log(Level.INFO, () -> "pod watch of " + scope + " (" + spec.fieldSelector() + ") synced: " + groups.size()
                        + " pods");
            }
        });
        return informer;
    }

    @Override
    public synchronized void close() {
        for (SharedIndexInformer<Pod> informer : informers) {
            informer.stop();
        }
        informers.clear();
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private final class Handler implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            put(pod);
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            put(newPod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            if (groups.remove(PodTargetGroups.source(pod.getMetadata().getNamespace(), pod.getMetadata().getName()))
                    != null) {
                onChange.run();
            }
        }

        private void put(Pod pod) {
            TargetGroup group = PodTargetGroups.build(pod);
            TargetGroup previous = groups.put(group.source(), group);
            if (!group.equals(previous)) {
                onChange.run();
            }
        }
    }
}
