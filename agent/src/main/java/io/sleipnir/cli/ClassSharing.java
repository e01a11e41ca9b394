package io.sleipnir.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this JVM maps the class archive it was given ({@code -XX:SharedArchiveFile} in {@code JDK_JAVA_OPTIONS},
 * the DaemonSet's {@link ClassArchive}). A JVM that cannot use the archive (missing, or written by another image)
 * says nothing and runs without it, so the agent says it at start.
 */
final class ClassSharing {
    private ClassSharing() {
    }

    /**
     * A sentence for the log when {@code JDK_JAVA_OPTIONS} or {@code JAVA_TOOL_OPTIONS} names an archive, as the
     * DaemonSet does; empty otherwise. Only then are the JVM's management beans loaded: a start without an archive
     * ships its first push without them (StartPathProcessTest).
     */
    static Optional<String> describe(Map<String, String> env) {
        if (!names(env.get("JDK_JAVA_OPTIONS")) && !names(env.get("JAVA_TOOL_OPTIONS"))) {
            return Optional.empty();
        }
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        VMOption archive = vm.getVMOption("SharedArchiveFile");
        if (archive.getOrigin() == VMOption.Origin.DEFAULT || archive.getValue().isEmpty()) {
            return Optional.empty();
        }
        // The JVM turns UseSharedSpaces off when it could not map the archive.
        boolean mapped = Boolean.parseBoolean(vm.getVMOption("UseSharedSpaces").getValue());
        return Optional.of(mapped ? "classes shared from the archive " + archive.getValue()
                : "the class archive " + archive.getValue() + " was not used (missing, or written by another image"
                        + " or JVM): the agent runs without shared classes");
    }

    private static boolean names(String options) {
        return options != null && options.contains("-XX:SharedArchiveFile=");
    }
}
