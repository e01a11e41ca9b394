package io.sleipnir.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker-compatible Engine API for the Docker source's tests: {@code podman system service} on a unix socket,
 * with its own storage under the test's directory (it shares nothing with the machine's podman), containers run with
 * runc and no network, from an image made here of Debian's static busybox ({@code busybox-static}), since no registry
 * is reachable. Needs root (as CI runs), podman, runc and busybox-static; without them the test is skipped.
 */
final class PodmanApi implements AutoCloseable {
    static final String IMAGE = "localhost/sleipnir-test-busybox:1";
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private final Path dir;
    private final Path socket;
    private final Process service;

    private PodmanApi(Path dir, Path socket, Process service) {
        this.dir = dir;
        this.socket = socket;
        this.service = service;
    }

    static void assumeAvailable() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/podman"))).as("podman (Debian package podman)").isTrue();
        assumeThat(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc")))
                .as("runc (Debian package runc)").isTrue();
        assumeThat(Files.isExecutable(BUSYBOX)).as("/bin/busybox (Debian package busybox-static)").isTrue();
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        assumeThat(new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                .as("root (podman's storage and runc here run as root)").isEqualTo("0");
    }

    /** Starts the service under {@code dir} (kept short: a unix socket path has at most 107 bytes). */
    static PodmanApi start(Path dir) throws Exception {
        assumeAvailable();
        Path socket = dir.resolve("api.sock");
        List<String> cmd = new ArrayList<>(storage(dir));
        cmd.addAll(List.of("system", "service", "--time=0", "unix://" + socket));
        Process service = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile()).start();
        PodmanApi api = new PodmanApi(dir, socket, service);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(socket) || !service.isAlive());
            assertThat(service.isAlive()).as("podman system service: " + Files.readString(dir.resolve("service.log")))
                    .isTrue();
            Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
            Files.copy(BUSYBOX, rootfs.resolve("busybox"));
            Files.createSymbolicLink(rootfs.resolve("sh"), Path.of("busybox"));
            Path tar = dir.resolve("rootfs.tar");
            run(List.of("tar", "-C", dir.resolve("rootfs").toString(), "-cf", tar.toString(), "."));
            api.podman("import", tar.toString(), IMAGE);
            return api;
        } catch (Exception | Error e) {
            api.close();
            throw e;
        }
    }

    private static List<String> storage(Path dir) {
        return List.of("podman", "--root", dir.resolve("storage").toString(), "--runroot",
                dir.resolve("run").toString(), "--tmpdir", dir.resolve("tmp").toString(), "--storage-driver", "vfs",
                "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--runtime", "runc");
    }

    Path socket() {
        return socket;
    }

    /**
     * Runs a container from the busybox image, detached, with the given labels and shell script; returns its ID.
     * The script runs as PID 1, so it ends on SIGTERM only when it traps it: {@link #script} does.
     */
    String runContainer(String name, String label, String script) throws Exception {
        long nofile = Math.min(65536, hardLimit());
        return podman("run", "-d", "--name", name, "--label", label, "--network", "none", "--ulimit",
                "nofile=" + nofile + ":" + nofile, "--ulimit", "nproc=4096:4096", IMAGE, "sh", "-c", script).trim();
    }

    /**
     * A script that counts its runs in the container's own file system (kept across restarts), prints {@code n}
     * numbered lines to stdout and to stderr tagged with the run, then waits until stopped.
     */
    static String script(int n) {
        return "trap 'exit 0' TERM; r=$(( $(cat /runs 2>/dev/null || echo 0) + 1 )); echo $r > /runs; "
                + "i=1; while [ $i -le " + n + " ]; do echo \"run $r out $i\"; echo \"run $r err $i\" >&2; "
                + "i=$((i+1)); done; sleep 100000 & wait";
    }

    String podman(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("podman", "--remote", "--url", "unix://" + socket));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    private static long hardLimit() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "ulimit -Hn").start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return text.equals("unlimited") ? 65536 : Long.parseLong(text);
    }

    @Override
    public void close() throws Exception {
        try {
            if (service.isAlive()) {
                podman("rm", "--force", "--all", "--time", "0");
            }
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
            // conmon runs "podman container cleanup" when a container ends, which opens the storage again after
            // the container was removed: wait until no process names this directory, then delete what they made.
            await().atMost(Duration.ofSeconds(60)).until(() -> !anyProcessMentions(dir.toString()));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                for (String part : List.of("storage", "run", "tmp")) {
                    deleteTree(dir.resolve(part));
                }
                return true;
            });
        }
    }

    private static boolean anyProcessMentions(String text) throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    if (new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).contains(text)) {
                        return true;
                    }
                } catch (IOException gone) {
                    // the process ended
                }
            }
        }
        return false;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
