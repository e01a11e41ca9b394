package io.sleipnir.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.sleipnir.model.Version;
import java.util.Locale;

/**
 * {@code promtail_build_info} with the labels of Prometheus' Go version collector ({@code version}, {@code revision},
 * {@code branch}, {@code goversion}, {@code goos}, {@code goarch}, {@code tags}), so that dashboards and the
 * Promtail mixin that select on it find the agent; {@code goversion} holds the Java runtime's version. And
 * {@code sleipnir_build_info} with the same facts under Java's names.
 */
final class BuildInfo {
    private BuildInfo() {
    }

    static void register(CollectorRegistry registry) {
        String javaVersion = System.getProperty("java.version", "unknown");
        String java = "java" + javaVersion;
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "unknown");
        Gauge.build("promtail_build_info", "A metric with a constant '1' value labeled by version, revision, "
                        + "branch, goversion from which promtail was built, and the goos and goarch for the build.")
                .labelNames("branch", "goarch", "goos", "goversion", "revision", "tags", "version")
                .register(registry)
                .labels(Version.branch(), arch, os, java, Version.revision(), "", Version.get())
                .set(1);
        Gauge.build("sleipnir_build_info", "A metric with a constant '1' value labeled by the version, revision "
                        + "and branch Sleipnir was built from, and the Java runtime it runs on.")
                .labelNames("version", "revision", "branch", "java_version", "java_vendor", "os", "arch")
                .register(registry)
                .labels(Version.get(), Version.revision(), Version.branch(), javaVersion,
                        System.getProperty("java.vendor", "unknown"), os, arch)
                .set(1);
    }
}
