package io.sleipnir.config;

/** Builds key paths as errors print them: {@code clients[0].backoff_config.max_period}. */
public final class ConfigPaths {
    private ConfigPaths() {
    }

    public static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public static String index(String path, int index) {
        return path + "[" + index + "]";
    }
}
