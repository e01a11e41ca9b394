package io.sleipnir.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The agent's version, git revision and build date, from the build: Maven filters the version and the build time
 * into {@code io/sleipnir/version.properties}, and {@code git log} writes {@code io/sleipnir/git.properties}. A value
 * the build could not fill in (no {@code .git}, or classes not built by Maven) reads as {@code unknown}.
 */
public final class Version {
    public static final String UNKNOWN = "unknown";
    private static final Properties PROPERTIES = load();

    private Version() {
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code dev} outside a Maven build. */
    public static String get() {
        String v = value("version");
        return v.equals(UNKNOWN) ? "dev" : v;
    }

    /** The abbreviated git commit the jar was built from, or {@code unknown}. */
    public static String revision() {
        String revision = value("revision");
        return revision.matches("[0-9a-f]{4,40}") ? revision : UNKNOWN;
    }

    /**
     * The branch the jar was built from ({@code HEAD -> main, origin/main} in {@code git log}'s ref names gives
     * {@code main}), or {@code unknown} for a detached head or without {@code .git}.
     */
    public static String branch() {
        String refs = value("refs");
        int arrow = refs.indexOf("HEAD -> ");
        if (arrow < 0) {
            return UNKNOWN;
        }
        String rest = refs.substring(arrow + "HEAD -> ".length());
        int comma = rest.indexOf(',');
        return (comma < 0 ? rest : rest.substring(0, comma)).trim();
    }

    /** When the jar was built, in UTC ({@code 2026-12-02T05:40:00Z}); or {@code unknown}. */
    public static String buildDate() {
        return value("buildDate");
    }

    /** What {@code -version} prints, laid out as Promtail's (Prometheus') version text. */
    public static String describe() {
        return "sleipnir, version " + get() + " (revision: " + revision() + ")\n"
                + "  build date:       " + buildDate() + "\n"
                + "  java version:     " + Runtime.version() + "\n"
                + "  platform:         " + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
                + System.getProperty("os.arch") + "\n";
    }

    private static String value(String key) {
        String v = PROPERTIES.getProperty(key, "");
        return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
    }

    private static Properties load() {
        Properties p = new Properties();
        for (String resource : new String[] {"/io/sleipnir/version.properties", "/io/sleipnir/git.properties"}) {
            try (InputStream in = Version.class.getResourceAsStream(resource)) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // unreadable: its values read as unknown
            }
        }
        return p;
    }
}
