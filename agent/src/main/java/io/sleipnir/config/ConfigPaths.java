package io.sleipnir.config;

/** Builds key paths as errors print them: {@code clients[0].backoff_config.max_period}. */
final class ConfigPaths {
    private ConfigPaths() {
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }
}
