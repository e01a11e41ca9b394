package io.sleipnir.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sleipnir.testing.LokiReceiver;
import io.sleipnir.testing.NodeSelectorIgnoringDispatcher;
import io.sleipnir.testing.ReceivedEntry;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The image test's run (deploy/image-test.sh builds the image and calls this; surefire does not run it): starts the
 * image with podman as the DaemonSet rendered by {@code kubectl kustomize deploy/daemonset} describes it (its init
 * containers first, then the agent; their securityContext, command, env, volumes and mounts, args and memory limit,
 * read from the rendered objects, not copied), with fabric8's mock API server standing in for the pod list/watch and
 * the test Loki receiver for Loki, on a node tree made of the shop example's lines in the kubelet's layout. Checks the
 * shop's lines arrive with the DaemonSet's labels and nothing of another node's pod, that the agent maps the class
 * archive its init container wrote, the probes, the heap the manifest states, that SIGTERM stops the agent with exit
 * code 0 and a positions file at the files' ends, and that the init container, run again with too little memory for
 * its dump, still exits 0 with the JDK's archive in place. Prints the figures. Exit code 0 when all passed.
 *
 * <p>Stand-ins, and why: no cluster here, so the in-cluster service account is replaced by {@code KUBERNETES_MASTER}
 * (fabric8 reads it) pointing at the mock over plain HTTP; emptyDir and hostPath volumes are directories of the work
 * directory; the container uses the host's network (the agent's 9080 must be free), as a DaemonSet with
 * hostNetwork would, so that it reaches the two stand-ins on 127.0.0.1.
 *
 * <pre>java -cp &lt;agent test classpath&gt; io.sleipnir.deploy.ImageRun IMAGE WORK_DIR NOFILE NPROC</pre>
 */
public final class ImageRun {
    private static final String NODE = "node-a";
    private static final int BUSY_LINES = 300_000;
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    /** Where the DaemonSet's init container writes the class archive and the agent maps it from. */
    private static final String CLASS_ARCHIVE = "/var/lib/sleipnir-classes/sleipnir.jsa";
    /** UPDATE_CLASS_LIST=1: record the classes the agent loads into the class archive's list, in the source tree. */
    private static final boolean UPDATE_CLASS_LIST = "1".equals(System.getenv("UPDATE_CLASS_LIST"));
    /** CLASS_ARCHIVE=off: the agent without the archive (JDK_JAVA_OPTIONS empty), to measure what it saves. */
    private static final boolean WITHOUT_ARCHIVE = UPDATE_CLASS_LIST || "off".equals(System.getenv("CLASS_ARCHIVE"));
    /** A cgroup's anonymous memory in its memory.stat: {@code total_rss} in cgroup v1, {@code anon} in v2. */
    private static final Pattern ANONYMOUS_MEMORY = Pattern.compile("(?m)^(total_rss|anon) (\\d+)$");

    private final String image;
    private final Path work;
    private final Path node;
    private final String container = "sleipnir-image-test";
    private final List<String> ulimits;
    private final HttpClient http = HttpClient.newHttpClient();

    private ImageRun(String image, Path work, String nofile, String nproc) {
        this.image = image;
        this.work = work;
        this.node = work.resolve("node");
        this.ulimits = List.of("--ulimit", "nofile=" + nofile + ":" + nofile, "--ulimit", "nproc=" + nproc + ":" + nproc);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ImageRun IMAGE WORK_DIR NOFILE NPROC");
            System.exit(2);
        }
        try {
            new ImageRun(args[0], Path.of(args[1]).toAbsolutePath(), args[2], args[3]).run();
            System.out.println("image test: PASSED");
            System.exit(0);
        } catch (AssertionError | Exception e) {
            System.out.println("image test: FAILED: " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private void run() throws Exception {
        List<KubeObject> objects = Kustomize.render("deploy/daemonset");
        JsonNode pod = objects.stream().filter(o -> o.kind().equals("DaemonSet")).findFirst().orElseThrow().podSpec();
        JsonNode agent = KubeObject.requireNamed(pod.path("containers"), "sleipnir");
        Sizing sizing = Sizing.of("deploy/daemonset/daemonset.yaml");

        deleteTree(work);
        Files.createDirectories(node);
        NodeSelectorIgnoringDispatcher dispatcher = new NodeSelectorIgnoringDispatcher();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        api.init(InetAddress.getByName("127.0.0.1"), 0);
        try (NamespacedKubernetesClient kube = api.createClient(); LokiReceiver loki = new LokiReceiver()) {
            Path pods = node.resolve("var/log/pods");
            Path orderLog = podLog(pods, create(kube, "order-7d4b9c8f6-q2w3e", "order", NODE), "order");
            Path deliveryLog = podLog(pods, create(kube, "delivery-5c6b7d8f9-r4t5y", "delivery", NODE), "delivery");
            // Another node's pod: the API stand-in does not filter by node, so the __host__ rule must drop it.
            Path elsewhereLog = podLog(pods, create(kube, "order-7d4b9c8f6-z9x8c", "order", "node-b"), "order");
            List<String> order = Files.readAllLines(Repository.root().resolve("examples/shop/order.log"));
            List<String> delivery = Files.readAllLines(Repository.root().resolve("examples/shop/delivery.log"));
            appendCri(orderLog, order, Instant.parse("2026-11-25T09:00:00Z"));
            appendCri(deliveryLog, delivery, Instant.parse("2026-11-25T09:00:00Z"));
            appendCri(elsewhereLog, List.of("from node-b, must not arrive"), Instant.parse("2026-11-25T09:00:00Z"));
            // The kubelet writes the files as root with mode 0640; this one is tighter and another user's, as some
            // runtimes leave them: DAC_READ_SEARCH is what lets the agent read it.
            run(List.of("chown", "65534:65534", deliveryLog.toString()));
            run(List.of("chmod", "0600", deliveryLog.toString()));

            runInitContainers(objects, pod);
            Map<String, String> overrides = new HashMap<>();
            if (UPDATE_CLASS_LIST) {
                // Recorded without the archive, as the JVM loads them: the next image's list.
                overrides.put("JDK_JAVA_OPTIONS", "-XX:DumpLoadedClassList=/tmp/sleipnir.classlist");
            } else if (WITHOUT_ARCHIVE) {
                overrides.put("JDK_JAVA_OPTIONS", "");
            }
            List<String> command = podmanRun(container, objects, pod, agent, Map.of("LOKI_URL", loki.url()),
                    overrides, api.url("/").replaceAll("/$", ""));
            System.out.println("$ " + String.join(" ", command));
            run(List.of("podman", "rm", "-f", "--ignore", container));
            AtomicLong firstPush = new AtomicLong();
            loki.onPush(() -> firstPush.compareAndSet(0, System.nanoTime()));
            long started = System.nanoTime();
            run(command);
            try {
                long pid = Long.parseLong(run(List.of("podman", "inspect", "-f", "{{.State.Pid}}", container)).trim());
                int shopLines = order.size() + delivery.size();
                awaitLines(loki, shopLines);
                // From podman's start of the container; the shop's 42 lines wait for batchwait, 1 s.
                System.out.printf(Locale.ROOT, "first push %.2f s after podman run (%s)%n",
                        (firstPush.get() - started) / 1e9, WITHOUT_ARCHIVE ? "no class archive" : "class archive");
                assertShopLines(loki, order, delivery);
                if (!WITHOUT_ARCHIVE) {
                    assertThat(run(List.of("podman", "logs", container))).as("the agent's log")
                            .contains("classes shared from the archive " + CLASS_ARCHIVE);
                }
                assertThat(dispatcher.requestedNodes()).as("nodes the agent's pod list/watch asked for")
                        .isNotEmpty().containsOnly(NODE);

                assertThat(httpGet("/ready").statusCode()).isEqualTo(200);
                assertThat(httpGet("/healthz?stall_timeout=5m").statusCode()).isEqualTo(200);
                long heapMiB = heapMaxBytes() >> 20;
                System.out.printf(Locale.ROOT, "heap max in the container: %d MiB usable (manifest: a %d MiB ceiling at %dMi)%n",
                        heapMiB, sizing.heap(), sizing.limit());
                // The JVM reports as its heap's max the ceiling less one survivor space (the serial collector's
                // young generation is a third of the heap, a survivor a tenth of that): 100 of 104 MiB at 256Mi.
                assertThat(heapMiB).isBetween(sizing.heap() * 95 / 100, sizing.heap());

                // Idle: everything delivered, nothing written for a while (the reader backs off its polling).
                TimeUnit.SECONDS.sleep(15);
                long idleRss = rssKiB(pid, "VmRSS");
                System.out.printf(Locale.ROOT, "idle RSS in the container: %.1f MiB (%d files tailed)%n",
                        idleRss / 1024.0, 2);

                long start = System.nanoTime();
                writeBusy(deliveryLog, BUSY_LINES);
                long peak = 0;
                while (loki.entryCount() < shopLines + BUSY_LINES) {
                    peak = Math.max(peak, rssKiB(pid, "VmHWM"));
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to ship the busy lines")
                            .isLessThan(DEADLINE);
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                peak = Math.max(peak, rssKiB(pid, "VmHWM"));
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "busy peak RSS in the container: %.1f MiB (%,d lines in %.1f s, %,.0f lines/s,"
                        + " limit %dMi)%n", peak / 1024.0, BUSY_LINES, seconds, BUSY_LINES / seconds, sizing.limit());
                assertThat(loki.entryCount()).isEqualTo(shopLines + BUSY_LINES);

                // SIGTERM, as the kubelet stops a pod: a clean stop is exit code 0 with positions written.
                run(List.of("podman", "kill", "--signal", "TERM", container));
                String exit = run(List.of("podman", "wait", container)).trim();
                System.out.println("exit code after SIGTERM: " + exit);
                assertThat(exit).isEqualTo("0");
                assertPositions(Map.of(orderLog, Files.size(orderLog), deliveryLog, Files.size(deliveryLog)));
                System.out.printf(Locale.ROOT, "lines delivered: %,d (shop %d, busy %,d), none from node-b%n",
                        loki.entryCount(), shopLines, BUSY_LINES);
                assertClassArchiveFallsBackWhenItsDumpIsKilled(objects, pod);
                if (UPDATE_CLASS_LIST) {
                    Path recorded = work.resolve("emptydir/tmp/sleipnir.classlist");
                    Path kept = Repository.root()
                            .resolve("agent/src/main/resources/io/sleipnir/cli/sleipnir.classlist");
                    // Without dynamic proxies: generated at run time, a dump cannot find them.
                    Files.write(kept, Files.readAllLines(recorded).stream()
                            .filter(l -> !l.matches("\\S*/\\$Proxy\\d+")).toList());
                    System.out.printf(Locale.ROOT, "class list recorded: %,d lines into %s%n",
                            Files.readAllLines(kept).size(), kept);
                }
            } finally {
                String logs = run(List.of("podman", "logs", container), true);
                Files.writeString(work.resolve("agent.log"), logs);
                run(List.of("podman", "rm", "-f", "--ignore", container), true);
            }
        } finally {
            api.destroy();
        }
    }

    /**
     * Runs the pod's init containers in order, as the kubelet does before the agent's, and checks each exits 0. The
     * class-archive container must have written its archive, not fallen back to the JDK's.
     */
    private void runInitContainers(List<KubeObject> objects, JsonNode pod) throws IOException, InterruptedException {
        for (JsonNode init : KubeObject.list(pod.path("initContainers"))) {
            String name = container + "-" + init.path("name").asText();
            Finished run = runToEnd(name, podmanRun(name, objects, pod, init, Map.of(), Map.of(), ""));
            System.out.printf(Locale.ROOT, "init container %s: exit code %s after %.1f s, peak anonymous memory"
                    + " %.1f MiB (limit %s); its log:%n%s%n", init.path("name").asText(), run.exit(), run.seconds(),
                    run.peakBytes() / 1048576.0, init.at("/resources/limits/memory").asText(), run.log());
            assertThat(run.exit()).as("exit code of init container " + name).isEqualTo("0");
            if (init.path("name").asText().equals("class-archive")) {
                assertThat(run.log()).contains("class archive " + CLASS_ARCHIVE + " written");
            }
        }
    }

    /**
     * The class-archive init container again, with a limit its dump cannot fit (160Mi, the agent's): the dump is
     * killed, and the container must still exit 0 with the JDK's own archive, smaller than the agent's, in its place.
     */
    private void assertClassArchiveFallsBackWhenItsDumpIsKilled(List<KubeObject> objects, JsonNode pod)
            throws IOException, InterruptedException {
        Path archive = work.resolve("emptydir/class-archive").resolve(Path.of(CLASS_ARCHIVE).getFileName());
        long written = Files.size(archive);
        ObjectNode starved = KubeObject.requireNamed(pod.path("initContainers"), "class-archive").deepCopy();
        ((ObjectNode) starved.at("/resources/limits")).put("memory", "160Mi");
        String name = container + "-class-archive-starved";
        Finished run = runToEnd(name, podmanRun(name, objects, pod, starved, Map.of(), Map.of(), ""));
        System.out.printf(Locale.ROOT, "class-archive at 160Mi: exit code %s after %.1f s; its log:%n%s%n", run.exit(),
                run.seconds(), run.log());
        assertThat(run.exit()).isEqualTo("0");
        assertThat(run.log()).contains("the class dump exited with 137 (killed: out of memory?)")
                .contains("the agent starts with the JDK's own class archive instead");
        assertThat(Files.size(archive)).as("bytes left at " + CLASS_ARCHIVE).isPositive().isLessThan(written);
    }

    /** A container run to its end: exit code, log, seconds from start, peak anonymous memory. */
    private record Finished(String exit, String log, double seconds, long peakBytes) {
    }

    private Finished runToEnd(String name, List<String> command) throws IOException, InterruptedException {
        System.out.println("$ " + String.join(" ", command));
        run(List.of("podman", "rm", "-f", "--ignore", name));
        long start = System.nanoTime();
        run(command);
        String pid = run(List.of("podman", "inspect", "-f", "{{.State.Pid}}", name)).trim();
        long peakBytes = cgroupPeakUntilGone(pid);
        String exit = run(List.of("podman", "wait", name)).trim();
        double seconds = (System.nanoTime() - start) / 1e9;
        String logs = run(List.of("podman", "logs", name), true);
        run(List.of("podman", "rm", "-f", "--ignore", name), true);
        return new Finished(exit, logs.strip(), seconds, peakBytes);
    }

    /**
     * {@code podman run -d} for one of the DaemonSet's containers, everything taken from the rendered objects: its
     * command (as the entry point) or the image's, args, user and capabilities, memory limit, env and mounts.
     * {@code envConfigMap} holds the optional ConfigMap's values, as a user would create it; {@code envOverrides}
     * replaces a variable's value outright (the class archive's switches).
     */
    private List<String> podmanRun(String name, List<KubeObject> objects, JsonNode pod, JsonNode spec,
            Map<String, String> envConfigMap, Map<String, String> envOverrides, String apiServer) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("podman", "run", "-d", "--name", name, "--runtime", "runc",
                "--network", "host", "--pull", "never"));
        cmd.addAll(ulimits);
        JsonNode security = spec.path("securityContext");
        cmd.addAll(List.of("--user", security.path("runAsUser").asText() + ":" + security.path("runAsGroup").asText()));
        if (security.path("readOnlyRootFilesystem").asBoolean()) {
            // podman's --read-only adds tmpfs mounts of its own by default; Kubernetes does not.
            cmd.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
        }
        if (!security.path("allowPrivilegeEscalation").asBoolean(true)) {
            cmd.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        KubeObject.texts(security.at("/capabilities/drop")).forEach(c -> cmd.addAll(List.of("--cap-drop", c)));
        KubeObject.texts(security.at("/capabilities/add")).forEach(c -> cmd.addAll(List.of("--cap-add", c)));
        String memory = spec.at("/resources/limits/memory").asText();
        long mebibytes = ManifestsTest.mebibytes(memory);
        cmd.addAll(List.of("--memory", mebibytes + "m", "--memory-swap", mebibytes + "m"));
        if (security.path("runAsNonRoot").asBoolean()) {
            assertThat(security.path("runAsUser").asInt()).as("runAsUser of " + name).isPositive();
        }
        for (JsonNode env : KubeObject.list(spec.path("env"))) {
            String variable = env.path("name").asText();
            String value = envOverrides.containsKey(variable) ? envOverrides.get(variable)
                    : envValue(env, envConfigMap);
            cmd.addAll(List.of("--env", variable + "=" + value));
        }
        if (!apiServer.isEmpty()) {
            cmd.addAll(List.of("--env", "KUBERNETES_MASTER=" + apiServer));
        }
        if (spec.has("command")) {
            cmd.addAll(List.of("--entrypoint", toJsonArray(KubeObject.texts(spec.path("command")))));
        }
        for (JsonNode mount : KubeObject.list(spec.path("volumeMounts"))) {
            JsonNode volume = KubeObject.requireNamed(pod.path("volumes"), mount.path("name").asText());
            Path source = volumeSource(objects, volume);
            cmd.addAll(List.of("--volume", source + ":" + mount.path("mountPath").asText()
                    + (mount.path("readOnly").asBoolean() ? ":ro" : "")));
        }
        cmd.add(image);
        cmd.addAll(KubeObject.texts(spec.path("args")));
        return cmd;
    }

    private static String toJsonArray(List<String> words) {
        try {
            return new ObjectMapper().writeValueAsString(words);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static String envValue(JsonNode env, Map<String, String> envConfigMap) {
        if (env.has("value")) {
            return env.path("value").asText();
        }
        JsonNode field = env.at("/valueFrom/fieldRef/fieldPath");
        if (field.asText().equals("spec.nodeName")) {
            return NODE;
        }
        JsonNode key = env.at("/valueFrom/configMapKeyRef");
        if (key.path("name").asText().equals("sleipnir-env") && envConfigMap.containsKey(key.path("key").asText())) {
            return envConfigMap.get(key.path("key").asText()); // the optional ConfigMap, created as a user would
        }
        throw new AssertionError("the image test does not know how to set " + env);
    }

    private Path volumeSource(List<KubeObject> objects, JsonNode volume) throws IOException {
        String name = volume.path("name").asText();
        if (volume.has("configMap")) {
            KubeObject configMap = objects.stream().filter(o -> o.kind().equals("ConfigMap")
                    && o.name().equals(volume.at("/configMap/name").asText())).findFirst().orElseThrow();
            Path dir = Files.createDirectories(work.resolve("configmaps").resolve(name));
            configMap.at("/data").properties().forEach(entry -> write(dir.resolve(entry.getKey()), entry.getValue().asText()));
            return dir;
        }
        if (volume.has("hostPath")) {
            Path dir = node.resolve(volume.at("/hostPath/path").asText().substring(1));
            String type = volume.at("/hostPath/type").asText();
            if (type.equals("DirectoryOrCreate")) {
                Files.createDirectories(dir);
            } else if (!Files.isDirectory(dir)) {
                throw new AssertionError("hostPath " + dir + " of type " + type + " does not exist");
            }
            return dir;
        }
        if (volume.has("emptyDir")) {
            // Mode 0777, as the kubelet makes an emptyDir: containers running as other users write to it too.
            Path dir = Files.createDirectories(work.resolve("emptydir").resolve(name));
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        }
        throw new AssertionError("the image test does not know volume " + volume);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Pod create(NamespacedKubernetesClient kube, String name, String app, String nodeName) {
        return kube.pods().inNamespace("shop").resource(new PodBuilder()
                .withNewMetadata().withNamespace("shop").withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName(app).withImage("shop/" + app + ":1")
                .endContainer().endSpec()
                // Discovery, like Prometheus', makes no target of a pod without an IP.
                .withNewStatus().withPhase("Running").withPodIP("10.0.0." + (Math.abs(name.hashCode()) % 250 + 1))
                .endStatus()
                .build()).create();
    }

    /** The kubelet's layout: {@code <ns>_<pod>_<uid>/<container>/0.log}. */
    private static Path podLog(Path pods, Pod pod, String containerName) throws IOException {
        return Files.createDirectories(pods.resolve("shop_" + pod.getMetadata().getName() + "_"
                + pod.getMetadata().getUid()).resolve(containerName)).resolve("0.log");
    }

    private static void appendCri(Path file, List<String> lines, Instant first) throws IOException {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(first.plusMillis(i)).append(" stdout F ").append(lines.get(i)).append('\n');
        }
        Files.writeString(file, out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void writeBusy(Path file, int lines) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardOpenOption.APPEND)) {
            Instant t = Instant.parse("2026-11-25T10:00:00Z");
            for (int i = 0; i < lines; i++) {
                out.write(t.plusNanos(1000L * i) + " stdout F ts=" + t.plusNanos(1000L * i)
                        + " level=info msg=\"delivery booked\" order_id=" + (20000 + i) + " courier=c-" + (i % 97)
                        + " eta_min=" + (i % 60) + "\n");
            }
        }
    }

    private static void awaitLines(LokiReceiver loki, int count) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> loki.entryCount() >= count);
    }

    private static void assertShopLines(LokiReceiver loki, List<String> order, List<String> delivery) {
        assertThat(linesOf(loki, "order-7d4b9c8f6-q2w3e")).containsExactlyElementsOf(order);
        assertThat(linesOf(loki, "delivery-5c6b7d8f9-r4t5y")).containsExactlyElementsOf(delivery);
        assertThat(loki.entries()).noneMatch(e -> e.labels().get("pod").equals("order-7d4b9c8f6-z9x8c"));
        for (ReceivedEntry e : loki.entries()) {
            String app = e.labels().get("pod").startsWith("order-") ? "order" : "delivery";
            assertThat(e.labels()).containsEntry("namespace", "shop").containsEntry("app", app)
                    .containsEntry("job", "shop/" + app).containsEntry("container", app)
                    .containsEntry("node_name", NODE).containsEntry("stream", "stdout")
                    .containsKeys("pod", "filename").hasSize(8);
            assertThat(e.labels().get("filename")).startsWith("/var/log/pods/shop_" + e.labels().get("pod") + "_");
        }
    }

    private static List<String> linesOf(LokiReceiver loki, String pod) {
        return loki.entries().stream().filter(e -> pod.equals(e.labels().get("pod"))).map(ReceivedEntry::line).toList();
    }

    /** The positions file on the node: every shipped file at its end, under its path in the container. */
    private void assertPositions(Map<Path, Long> ends) throws IOException {
        Path positions = node.resolve("var/lib/sleipnir/positions.yaml");
        assertThat(positions).exists();
        String text = Files.readString(positions);
        System.out.println("positions file after SIGTERM:\n" + text.strip());
        for (Map.Entry<Path, Long> end : ends.entrySet()) {
            String inContainer = "/" + node.relativize(end.getKey());
            assertThat(text).contains(inContainer + ": \"" + end.getValue() + "\"");
        }
    }

    private HttpResponse<String> httpGet(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9080" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long heapMaxBytes() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("(?m)^jvm_memory_bytes_max\\{area=\"heap\",?} ([0-9.eE+]+)$")
                .matcher(httpGet("/metrics").body());
        if (!m.find()) {
            throw new AssertionError("no jvm_memory_bytes_max{area=\"heap\"} on /metrics");
        }
        return (long) Double.parseDouble(m.group(1));
    }

    /**
     * The highest anonymous memory (its processes' heaps and other private memory, what cannot be reclaimed) of the
     * container whose first process is {@code pid}, read from its cgroup every 100 ms until the cgroup is removed
     * with the container; 0 when the container had ended before its cgroup could be found. Not the cgroup's own
     * peak: that counts page cache too (the archive being written), which fills any limit and is reclaimed.
     */
    private static long cgroupPeakUntilGone(String pid) throws InterruptedException {
        Path cgroup;
        try {
            String line = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                    .filter(l -> l.matches("\\d+:(memory|):.*")).findFirst().orElseThrow();
            String path = line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1);
            cgroup = line.contains(":memory:") ? Path.of("/sys/fs/cgroup/memory" + path, "memory.stat")
                    : Path.of("/sys/fs/cgroup" + path, "memory.stat");
        } catch (IOException | java.util.NoSuchElementException e) {
            return 0;
        }
        long peak = 0;
        for (long end = System.nanoTime() + DEADLINE.toNanos(); System.nanoTime() < end; ) {
            try {
                Matcher anon = ANONYMOUS_MEMORY.matcher(Files.readString(cgroup));
                if (anon.find()) {
                    peak = Math.max(peak, Long.parseLong(anon.group(2)));
                }
            } catch (IOException | NumberFormatException gone) {
                return peak;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("the container with pid " + pid + " still runs after " + DEADLINE);
    }

    private static long rssKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no " + field + " in /proc/" + pid + "/status");
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        return run(command, false);
    }

    private String run(List<String> command, boolean mayFail) throws IOException, InterruptedException {
        // In the work directory: podman's conmon writes a file named "oom" into its working directory when a
        // container's process is killed for memory (the starved class-archive run), which was left in the checkout.
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
        }
        if (p.exitValue() != 0 && !mayFail) {
            throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
