package io.sleipnir.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, from the build (Maven filters {@code io/sleipnir/version.properties}). */
public final class Version {
    private static final Properties BUILD = load();
    private static final String VERSION = property("version", "dev");

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    /** The commit built from ({@code -Dsleipnir.revision=$(git rev-parse HEAD)}), else {@code unknown}. */
    public static String revision() {
        return property("revision", "unknown");
    }

    /** The branch built from ({@code -Dsleipnir.branch=...}), else {@code unknown}. */
    public static String branch() {
        return property("branch", "unknown");
    }

    private static String property(String name, String fallback) {
        String v = BUILD.getProperty(name, fallback);
        return v.isEmpty() || v.startsWith("${") ? fallback : v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/io/sleipnir/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no build facts: every property falls back
        }
        return p;
    }
}
