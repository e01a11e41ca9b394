package io.sleipnir.deploy;

import static io.sleipnir.deploy.KubeObject.list;
import static io.sleipnir.deploy.KubeObject.named;
import static io.sleipnir.deploy.KubeObject.requireNamed;
import static io.sleipnir.deploy.KubeObject.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The kustomizations under deploy/, rendered with {@code kubectl kustomize} as a user would install them and checked
 * as Kubernetes objects. Skipped where kubectl is not installed.
 */
@EnabledIf(value = "io.sleipnir.deploy.Kustomize#kubectlAvailable",
        disabledReason = "kubectl not found (`kubectl version --client` failed): deploy/ manifests not rendered")
class ManifestsTest {
    private static final String IMAGE_REPOSITORY = "ghcr.io/sleipnir/sleipnir";

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DaemonSetBase {
        private List<KubeObject> objects;
        private KubeObject daemonSet;
        private JsonNode pod;
        private JsonNode agent;
        private JsonNode config;

        @BeforeAll
        void render() throws IOException {
            objects = Kustomize.render("deploy/daemonset");
            daemonSet = only(objects, "DaemonSet");
            pod = daemonSet.podSpec();
            agent = requireNamed(pod.path("containers"), "sleipnir");
            config = new YAMLMapper().readTree(Repository.read("config/daemonset.yaml"));
        }

        @Test
        void installsTheAgentWithItsRbacAndConfigInNamespaceLogging() {
            assertThat(objects).extracting(KubeObject::kind).containsExactlyInAnyOrder(
                    "Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "DaemonSet");
            assertThat(only(objects, "Namespace").name()).isEqualTo("logging");
            assertThat(objects).filteredOn(o -> List.of("ServiceAccount", "ConfigMap", "DaemonSet").contains(o.kind()))
                    .extracting(KubeObject::namespace).containsOnly("logging");
        }

        @Test
        void clusterRoleAllowsOnlyReadingPods() {
            JsonNode rules = only(objects, "ClusterRole").at("/rules");
            assertThat(list(rules)).hasSize(1);
            JsonNode rule = rules.get(0);
            assertThat(fieldNames(rule)).containsExactlyInAnyOrder("apiGroups", "resources", "verbs");
            assertThat(texts(rule.path("apiGroups"))).containsExactly("");
            assertThat(texts(rule.path("resources"))).containsExactly("pods");
            assertThat(texts(rule.path("verbs"))).containsExactlyInAnyOrder("get", "list", "watch");
        }

        @Test
        void clusterRoleBindingGrantsTheRoleToTheDaemonSetsServiceAccount() {
            KubeObject binding = only(objects, "ClusterRoleBinding");
            String serviceAccount = pod.path("serviceAccountName").asText();
            assertThat(serviceAccount).isNotEmpty();
            assertThat(objects).filteredOn(o -> o.kind().equals("ServiceAccount"))
                    .extracting(KubeObject::name, KubeObject::namespace)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(serviceAccount, "logging"));
            assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
            assertThat(binding.at("/roleRef/name").asText()).isEqualTo(only(objects, "ClusterRole").name());
            JsonNode subjects = binding.at("/subjects");
            assertThat(list(subjects)).hasSize(1);
            assertThat(subjects.get(0).path("kind").asText()).isEqualTo("ServiceAccount");
            assertThat(subjects.get(0).path("name").asText()).isEqualTo(serviceAccount);
            assertThat(subjects.get(0).path("namespace").asText()).isEqualTo("logging");
        }

        @Test
        void configMapIsConfigDaemonSetYamlByteForByteAndIsTheFileTheAgentReads() {
            KubeObject configMap = only(objects, "ConfigMap");
            assertThat(configMap.name()).startsWith("sleipnir-config");
            assertThat(fieldNames(configMap.at("/data"))).containsExactly("sleipnir.yaml");
            assertThat(configMap.at("/data/sleipnir.yaml").asText().getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(Repository.read("config/daemonset.yaml").getBytes(StandardCharsets.UTF_8));

            JsonNode volume = volumeMountedAt(pod, agent, "/etc/sleipnir");
            assertThat(volume.at("/configMap/name").asText()).isEqualTo(configMap.name());
            assertThat(texts(agent.path("args")))
                    .containsExactlyInAnyOrder("-config.file=/etc/sleipnir/sleipnir.yaml", "-config.expand-env=true");
        }

        @Test
        void imageIsTheOneJibBuilds() {
            assertThat(agent.path("image").asText()).startsWith(IMAGE_REPOSITORY + ":");
        }

        @Test
        void nodeNameComesFromTheDownwardApiAndSoDoesHostnameForTheNodeFilter() {
            assertThat(fieldRef(agent, "NODE_NAME")).isEqualTo("spec.nodeName");
            assertThat(fieldRef(agent, "HOSTNAME")).isEqualTo("spec.nodeName");
            JsonNode lokiUrl = requireNamed(agent.path("env"), "LOKI_URL");
            assertThat(lokiUrl.at("/valueFrom/configMapKeyRef/optional").asBoolean()).isTrue();
        }

        @Test
        void hostDirectoriesAreMountedReadOnlyExceptThePositionsDirectory() {
            // On the node's disk: /run is a tmpfs on most distributions, so positions there do not survive a reboot.
            String positionsDirectory = parentOf(config.at("/positions/filename").asText());
            assertThat(positionsDirectory).isEqualTo("/var/lib/sleipnir");
            List<JsonNode> hostMounts = list(agent.path("volumeMounts")).stream()
                    .filter(mount -> volume(pod, mount.path("name").asText()).has("hostPath")).toList();
            assertThat(hostMounts).extracting(mount -> mount.path("mountPath").asText())
                    .containsExactlyInAnyOrder("/var/log/pods", positionsDirectory);
            for (JsonNode mount : hostMounts) {
                JsonNode hostPath = volume(pod, mount.path("name").asText()).path("hostPath");
                // __path__ globs name host paths, so each host directory must appear at the same path in the container.
                assertThat(mount.path("mountPath").asText()).isEqualTo(hostPath.path("path").asText());
                boolean positions = mount.path("mountPath").asText().equals(positionsDirectory);
                assertThat(mount.path("readOnly").asBoolean())
                        .as("readOnly of host mount %s", mount.path("mountPath").asText()).isEqualTo(!positions);
                if (positions) {
                    assertThat(hostPath.path("type").asText()).isEqualTo("DirectoryOrCreate");
                }
            }
        }

        @Test
        void everyPathGlobOfTheConfigIsUnderAReadOnlyHostMount() {
            List<String> globs = list(config.at("/scrape_configs/0/relabel_configs")).stream()
                    .filter(rule -> rule.path("target_label").asText().equals("__path__"))
                    .map(rule -> rule.path("replacement").asText()).toList();
            assertThat(globs).isNotEmpty().allSatisfy(glob -> assertThat(glob).startsWith("/var/log/pods/"));
            JsonNode podsMount = list(agent.path("volumeMounts")).stream()
                    .filter(mount -> mount.path("mountPath").asText().equals("/var/log/pods")).findFirst().orElseThrow();
            assertThat(podsMount.path("readOnly").asBoolean()).isTrue();
        }

        @Test
        void containerIsLockedDown() {
            JsonNode security = agent.path("securityContext");
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(texts(security.at("/capabilities/drop"))).containsExactly("ALL");
            assertThat(texts(security.at("/capabilities/add"))).containsExactly("DAC_READ_SEARCH");
            assertThat(security.path("runAsUser").asInt(-1)).isZero();
            // With a read-only root, the JVM and the native libraries it unpacks need a writable /tmp.
            assertThat(volumeMountedAt(pod, agent, "/tmp").has("emptyDir")).isTrue();
        }

        @Test
        void readinessIsPromtailsReadyAndLivenessIsHealthzOnTheServersPort() {
            int serverPort = config.at("/server/http_listen_port").asInt();
            assertThat(serverPort).isEqualTo(9080);
            JsonNode readiness = agent.at("/readinessProbe/httpGet");
            assertThat(readiness.path("path").asText()).isEqualTo("/ready");
            assertThat(containerPort(agent, readiness.path("port"))).isEqualTo(serverPort);
            // Not /ready: it is 500 while the API server is unreachable at start, and the kubelet would restart
            // the agent in a loop during exactly that outage.
            JsonNode liveness = agent.at("/livenessProbe/httpGet");
            assertThat(liveness.path("path").asText()).isEqualTo("/healthz?stall_timeout=5m");
            assertThat(containerPort(agent, liveness.path("port"))).isEqualTo(serverPort);
            assertThat(requireNamed(agent.path("ports"), "http-metrics").path("containerPort").asInt())
                    .isEqualTo(serverPort);
        }

        @Test
        void isScheduledAheadOfOrdinaryPodsOnAFullNode() {
            assertThat(pod.path("priorityClassName").asText()).isEqualTo("system-node-critical");
        }

        @Test
        void runsOnEveryNodeAndRollsOneNodeAtATime() {
            assertThat(list(pod.path("tolerations")))
                    .anySatisfy(t -> assertToleratesAll(t, "NoSchedule"))
                    .anySatisfy(t -> assertToleratesAll(t, "NoExecute"));
            assertThat(daemonSet.at("/spec/updateStrategy/type").asText()).isEqualTo("RollingUpdate");
            assertThat(daemonSet.at("/spec/updateStrategy/rollingUpdate/maxUnavailable").asInt()).isEqualTo(1);
            assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
        }

        @Test
        void resourcesAreAboveTheMeasuredFiguresWrittenInTheManifest() {
            Sizing sizing = Sizing.of("deploy/daemonset/daemonset.yaml");
            long request = mebibytes(agent.at("/resources/requests/memory").asText());
            long limit = mebibytes(agent.at("/resources/limits/memory").asText());
            // Requested at least the idle RSS plus 10%, so an idle agent is not over its request (first evicted).
            assertThat(request).as("memory request (MiB) vs idle RSS %d MiB", sizing.idleRss())
                    .isGreaterThanOrEqualTo(sizing.idleRss() * 11 / 10);
            // Limited with at least 25% headroom over the busy peak.
            assertThat(limit).as("memory limit (MiB) vs busy peak RSS %d MiB", sizing.busyRss())
                    .isGreaterThanOrEqualTo(sizing.busyRss() * 5 / 4);
            assertThat(sizing.limit()).as("the limit the comment speaks of").isEqualTo(limit);
            assertThat(agent.at("/resources/requests/cpu").asText()).isNotEmpty();
        }

        @Test
        void theAgentIsToldToMapTheClassArchiveItsInitContainerWrites() {
            JsonNode init = requireNamed(pod.path("initContainers"), "class-archive");
            List<String> command = texts(init.path("command"));
            // The image's JVM and class path (Jib's entry point names the same file): an archive is valid for no other.
            assertThat(init.path("image").asText()).isEqualTo(agent.path("image").asText());
            assertThat(command).startsWith("java").containsSubsequence("-cp", "@/app/jib-classpath-file",
                    "io.sleipnir.cli.ClassArchive");
            String archive = command.get(command.size() - 1);
            assertThat(requireNamed(agent.path("env"), "JDK_JAVA_OPTIONS").path("value").asText())
                    .isEqualTo("-XX:SharedArchiveFile=" + archive);
            // Fresh for every pod, so never an archive of another image; read-only for the agent.
            JsonNode volume = volumeMountedAt(pod, init, parentOf(archive));
            assertThat(volume.has("emptyDir")).isTrue();
            assertThat(volumeMountedAt(pod, agent, parentOf(archive))).isEqualTo(volume);
            assertThat(mountAt(agent, parentOf(archive)).path("readOnly").asBoolean()).isTrue();
            // The pod's scheduling size is the larger of the init container's request and the agent's: unchanged.
            assertThat(mebibytes(init.at("/resources/requests/memory").asText()))
                    .isLessThanOrEqualTo(mebibytes(agent.at("/resources/requests/memory").asText()));
            JsonNode security = init.path("securityContext");
            assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(texts(security.at("/capabilities/drop"))).containsExactly("ALL");
            assertThat(security.at("/capabilities/add").isMissingNode()).isTrue();
        }

        @Test
        void theHeapTheManifestStatesIsTheOneTheImagesJvmFlagsGiveAtItsLimit() throws Exception {
            Sizing sizing = Sizing.of("deploy/daemonset/daemonset.yaml");
            long limit = mebibytes(agent.at("/resources/limits/memory").asText());
            assertThat(JvmFlags.maxHeapMebibytes(JvmFlags.ofImage(), limit)).isEqualTo(sizing.heap());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DockerRuntime {
        private List<KubeObject> objects;
        private JsonNode pod;
        private JsonNode agent;

        @BeforeAll
        void render() {
            objects = Kustomize.render("deploy/daemonset-docker");
            pod = only(objects, "DaemonSet").podSpec();
            agent = requireNamed(pod.path("containers"), "sleipnir");
        }

        @Test
        void mountsDockersContainerDirectoryReadOnlyAtItsNodePath() {
            // /var/log/pods/... are symlinks into it: without the mount they dangle inside the container.
            JsonNode mount = mountAt(agent, "/var/lib/docker/containers");
            assertThat(mount.path("readOnly").asBoolean()).isTrue();
            JsonNode hostPath = volume(pod, mount.path("name").asText()).path("hostPath");
            assertThat(hostPath.path("path").asText()).isEqualTo("/var/lib/docker/containers");
            assertThat(mountAt(agent, "/var/log/pods").path("readOnly").asBoolean()).isTrue();
        }

        @Test
        void theAgentReadsTheDockerRuntimeConfigAndNoOther() {
            KubeObject configMap = only(objects, "ConfigMap");
            assertThat(configMap.namespace()).isEqualTo("logging");
            assertThat(configMap.at("/data/sleipnir.yaml").asText())
                    .isEqualTo(Repository.read("config/docker-runtime/daemonset.yaml"));
            assertThat(volumeMountedAt(pod, agent, "/etc/sleipnir").at("/configMap/name").asText())
                    .isEqualTo(configMap.name());
        }

        @Test
        void everythingElseIsTheBasesDaemonSet() {
            JsonNode base = requireNamed(only(Kustomize.render("deploy/daemonset"), "DaemonSet").podSpec()
                    .path("containers"), "sleipnir");
            assertThat(agent.path("securityContext")).isEqualTo(base.path("securityContext"));
            assertThat(agent.path("resources")).isEqualTo(base.path("resources"));
            assertThat(agent.path("livenessProbe")).isEqualTo(base.path("livenessProbe"));
            assertThat(agent.path("env")).isEqualTo(base.path("env"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Monitoring {
        private List<KubeObject> objects;
        private JsonNode pod;
        private JsonNode agent;

        @BeforeAll
        void render() {
            objects = Kustomize.render("deploy/daemonset-monitored");
            KubeObject daemonSet = only(objects, "DaemonSet");
            pod = daemonSet.podSpec();
            agent = requireNamed(pod.path("containers"), "sleipnir");
        }

        @Test
        void aHeadlessServiceSelectsTheAgentPodsOnTheirMetricsPort() {
            KubeObject service = only(objects, "Service");
            assertThat(service.namespace()).isEqualTo("logging");
            assertThat(service.at("/spec/clusterIP").asText()).isEqualTo("None");
            assertSelectsTheAgentPods(service.at("/spec/selector"));
            JsonNode port = service.at("/spec/ports/0");
            assertThat(port.path("targetPort").asText()).isEqualTo("http-metrics");
            assertThat(port.path("port").asInt())
                    .isEqualTo(requireNamed(agent.path("ports"), "http-metrics").path("containerPort").asInt());
        }

        @Test
        void aPodMonitorScrapesEveryAgentsMetrics() {
            KubeObject podMonitor = only(objects, "PodMonitor");
            assertThat(podMonitor.namespace()).isEqualTo("logging");
            assertSelectsTheAgentPods(podMonitor.at("/spec/selector/matchLabels"));
            JsonNode endpoint = podMonitor.at("/spec/podMetricsEndpoints/0");
            assertThat(named(agent.path("ports"), endpoint.path("port").asText())).isPresent();
            assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        }

        private void assertSelectsTheAgentPods(JsonNode selector) {
            assertThat(fieldNames(selector)).isNotEmpty();
            JsonNode podLabels = only(objects, "DaemonSet").at("/spec/template/metadata/labels");
            selector.properties().forEach(entry ->
                    assertThat(podLabels.path(entry.getKey()).asText()).as(entry.getKey()).isEqualTo(entry.getValue().asText()));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SidecarExample {
        private List<KubeObject> objects;
        private JsonNode pod;
        private JsonNode sidecar;
        private JsonNode app;

        @BeforeAll
        void render() {
            objects = Kustomize.render("deploy/sidecar");
            KubeObject deployment = only(objects, "Deployment");
            assertThat(deployment.name()).isEqualTo("order");
            pod = deployment.podSpec();
            sidecar = requireNamed(pod.path("initContainers"), "sleipnir");
            app = requireNamed(pod.path("containers"), "order");
        }

        @Test
        void deploysTheOrderServiceWithItsConfigInNamespaceShop() {
            assertThat(objects).extracting(KubeObject::kind)
                    .containsExactlyInAnyOrder("Namespace", "ConfigMap", "Deployment");
            assertThat(only(objects, "Namespace").name()).isEqualTo("shop");
            assertThat(objects).filteredOn(o -> !o.kind().equals("Namespace"))
                    .extracting(KubeObject::namespace).containsOnly("shop");
        }

        @Test
        void agentIsANativeSidecar() {
            assertThat(sidecar.path("restartPolicy").asText()).isEqualTo("Always");
            assertThat(named(pod.path("containers"), "sleipnir")).isEmpty();
            assertThat(sidecar.path("image").asText()).startsWith(IMAGE_REPOSITORY + ":");
        }

        @Test
        void podHasNoServiceAccountToken() {
            assertThat(pod.path("automountServiceAccountToken").isBoolean()).isTrue();
            assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();
        }

        @Test
        void httpPortIsSetByThePodAndIsNot9080() throws IOException {
            // The sidecar listens in the application's network namespace, where 9080 may be taken.
            int port = Integer.parseInt(requireNamed(sidecar.path("env"), "SLEIPNIR_HTTP_PORT").path("value").asText());
            assertThat(port).isNotEqualTo(9080);
            assertThat(requireNamed(sidecar.path("ports"), "http-metrics").path("containerPort").asInt()).isEqualTo(port);
            JsonNode liveness = sidecar.at("/livenessProbe/httpGet");
            assertThat(liveness.path("path").asText()).isEqualTo("/healthz?stall_timeout=5m");
            assertThat(containerPort(sidecar, liveness.path("port"))).isEqualTo(port);
            assertThat(sidecar.has("readinessProbe")).isFalse();
            JsonNode config = new YAMLMapper().readTree(Repository.read("config/sidecar.yaml"));
            assertThat(config.at("/server/http_listen_port").asText()).isEqualTo("${SLEIPNIR_HTTP_PORT:-" + port + "}");
        }

        @Test
        void agentReadsTheApplicationsLogVolumeReadOnly() {
            JsonNode sidecarMount = mountAt(sidecar, "/var/log/app");
            assertThat(sidecarMount.path("readOnly").asBoolean()).isTrue();
            JsonNode appMount = mountAt(app, "/var/log/app");
            assertThat(appMount.path("name").asText()).isEqualTo(sidecarMount.path("name").asText());
            assertThat(appMount.path("readOnly").asBoolean()).isFalse();
            assertThat(volume(pod, sidecarMount.path("name").asText()).has("emptyDir")).isTrue();
            // The stand-in application writes where config/sidecar.yaml's __path__ glob looks.
            assertThat(String.join(" ", texts(app.path("args")))).contains("/var/log/app/order.log");
        }

        @Test
        void configMapIsConfigSidecarYamlByteForByteAndIsTheFileTheAgentReads() {
            KubeObject configMap = only(objects, "ConfigMap");
            assertThat(fieldNames(configMap.at("/data"))).containsExactly("sleipnir.yaml");
            assertThat(configMap.at("/data/sleipnir.yaml").asText().getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(Repository.read("config/sidecar.yaml").getBytes(StandardCharsets.UTF_8));
            assertThat(volumeMountedAt(pod, sidecar, "/etc/sleipnir").at("/configMap/name").asText())
                    .isEqualTo(configMap.name());
            assertThat(texts(sidecar.path("args")))
                    .containsExactlyInAnyOrder("-config.file=/etc/sleipnir/sleipnir.yaml", "-config.expand-env=true");
        }

        @Test
        void identityComesFromTheDownwardApi() {
            assertThat(fieldRef(sidecar, "POD_NAME")).isEqualTo("metadata.name");
            assertThat(fieldRef(sidecar, "POD_NAMESPACE")).isEqualTo("metadata.namespace");
            assertThat(fieldRef(sidecar, "NODE_NAME")).isEqualTo("spec.nodeName");
            assertThat(requireNamed(sidecar.path("env"), "APP").path("value").asText()).isEqualTo("order");
        }

        @Test
        void everyVariableTheConfigNeedsWithoutADefaultIsSet() {
            Matcher reference = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(Repository.read("config/sidecar.yaml"));
            List<String> required = reference.results().map(match -> match.group(1)).distinct().toList();
            assertThat(required).isNotEmpty();
            assertThat(list(sidecar.path("env"))).extracting(env -> env.path("name").asText()).containsAll(required);
        }

        @Test
        void positionsLiveInAWritableVolumeAndTheRootIsReadOnly() throws IOException {
            JsonNode config = new YAMLMapper().readTree(Repository.read("config/sidecar.yaml"));
            String positionsDirectory = parentOf(config.at("/positions/filename").asText());
            JsonNode mount = mountAt(sidecar, positionsDirectory);
            assertThat(mount.path("readOnly").asBoolean()).isFalse();
            assertThat(volume(pod, mount.path("name").asText()).has("emptyDir")).isTrue();
            JsonNode security = sidecar.path("securityContext");
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(texts(security.at("/capabilities/drop"))).containsExactly("ALL");
            assertThat(volumeMountedAt(pod, sidecar, "/tmp").has("emptyDir")).isTrue();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SidecarAsARegularContainer {
        private List<KubeObject> objects;
        private JsonNode pod;
        private JsonNode nativeSidecar;

        @BeforeAll
        void render() {
            objects = Kustomize.render("deploy/sidecar-regular");
            pod = only(objects, "Deployment").podSpec();
            nativeSidecar = requireNamed(only(Kustomize.render("deploy/sidecar"), "Deployment").podSpec()
                    .path("initContainers"), "sleipnir");
        }

        @Test
        void theAgentIsAnOrdinaryContainerBesideTheApplication() {
            assertThat(pod.has("initContainers")).isFalse();
            assertThat(list(pod.path("containers"))).extracting(c -> c.path("name").asText())
                    .containsExactlyInAnyOrder("order", "sleipnir");
            JsonNode agent = requireNamed(pod.path("containers"), "sleipnir");
            assertThat(agent.has("restartPolicy")).isFalse();
        }

        @Test
        void everythingElseIsTheNativeSidecars() {
            JsonNode agent = requireNamed(pod.path("containers"), "sleipnir");
            ObjectNode expected = nativeSidecar.deepCopy();
            expected.remove("restartPolicy");
            assertThat(agent).isEqualTo(expected);
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
            assertThat(objects).extracting(KubeObject::kind).containsExactlyInAnyOrder("Namespace", "ConfigMap", "Deployment");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ShopDemo {
        private List<KubeObject> objects;

        @BeforeAll
        void render() {
            objects = Kustomize.render("deploy/shop");
        }

        @Test
        void orderAndDeliveryRunInNamespaceShopWithAppLabels() {
            assertThat(only(objects, "Namespace").name()).isEqualTo("shop");
            Map<String, KubeObject> deployments = objects.stream().filter(o -> o.kind().equals("Deployment"))
                    .collect(Collectors.toMap(KubeObject::name, o -> o));
            assertThat(deployments).containsOnlyKeys("order", "delivery");
            deployments.forEach((name, deployment) -> {
                assertThat(deployment.namespace()).isEqualTo("shop");
                assertThat(deployment.at("/spec/template/metadata/labels/app").asText()).isEqualTo(name);
                assertThat(deployment.at("/spec/selector/matchLabels/app").asText()).isEqualTo(name);
                assertThat(String.join(" ", texts(deployment.podSpec().at("/containers/0/args"))))
                        .contains("level=error", "level=info");
            });
        }
    }

    private static KubeObject only(List<KubeObject> objects, String kind) {
        List<KubeObject> ofKind = objects.stream().filter(o -> o.kind().equals(kind)).toList();
        assertThat(ofKind).as("objects of kind %s", kind).hasSize(1);
        return ofKind.get(0);
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    private static String fieldRef(JsonNode container, String variable) {
        return requireNamed(container.path("env"), variable).at("/valueFrom/fieldRef/fieldPath").asText();
    }

    private static JsonNode volume(JsonNode pod, String name) {
        return requireNamed(pod.path("volumes"), name);
    }

    private static JsonNode mountAt(JsonNode container, String mountPath) {
        return list(container.path("volumeMounts")).stream()
                .filter(mount -> mount.path("mountPath").asText().equals(mountPath)).findFirst()
                .orElseThrow(() -> new AssertionError(container.path("name").asText() + " mounts nothing at " + mountPath));
    }

    private static JsonNode volumeMountedAt(JsonNode pod, JsonNode container, String mountPath) {
        return volume(pod, mountAt(container, mountPath).path("name").asText());
    }

    private static int containerPort(JsonNode container, JsonNode port) {
        return port.isInt() ? port.asInt()
                : requireNamed(container.path("ports"), port.asText()).path("containerPort").asInt();
    }

    private static void assertToleratesAll(JsonNode toleration, String effect) {
        assertThat(toleration.path("operator").asText()).isEqualTo("Exists");
        assertThat(toleration.path("effect").asText()).isEqualTo(effect);
        assertThat(toleration.has("key")).as("a toleration of every %s taint has no key", effect).isFalse();
    }

    /** A memory quantity in MiB ("192Mi", "1Gi"); the manifests use no other units. */
    static long mebibytes(String quantity) {
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2));
        }
        if (quantity.endsWith("Gi")) {
            return 1024 * Long.parseLong(quantity.substring(0, quantity.length() - 2));
        }
        throw new AssertionError("memory quantity not in Mi or Gi: " + quantity);
    }

    private static String parentOf(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }
}
