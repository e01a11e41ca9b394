package io.sleipnir.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JVM flags the image runs with (Jib's container.jvmFlags in agent/pom.xml), and what they give. */
final class JvmFlags {
    private JvmFlags() {
    }

    static List<String> ofImage() throws Exception {
        Element jib = null;
        NodeList plugins = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Repository.root().resolve("agent/pom.xml").toFile()).getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (plugin.getElementsByTagName("artifactId").item(0).getTextContent().equals("jib-maven-plugin")) {
                jib = plugin;
            }
        }
        if (jib == null) {
            throw new AssertionError("agent/pom.xml has no jib-maven-plugin");
        }
        List<String> flags = new ArrayList<>();
        NodeList jvmFlags = jib.getElementsByTagName("jvmFlag");
        for (int i = 0; i < jvmFlags.getLength(); i++) {
            flags.add(jvmFlags.item(i).getTextContent().trim());
        }
        return flags;
    }

    /**
     * The heap ceiling, in MiB, that this JVM picks with {@code flags} in a container limited to
     * {@code memoryMebibytes} ({@code -XX:MaxRAM} stands for the cgroup limit: the JVM sizes from either alike).
     */
    static long maxHeapMebibytes(List<String> flags, long memoryMebibytes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-XX:MaxRAM=" + memoryMebibytes + "m", "-XX:+PrintFlagsFinal", "-version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
        Matcher heap = Pattern.compile("\\sMaxHeapSize\\s+=\\s+(\\d+)").matcher(out.toString());
        if (!heap.find()) {
            throw new AssertionError("no MaxHeapSize in the output of " + command);
        }
        return Long.parseLong(heap.group(1)) >> 20;
    }
}
