package io.sleipnir.config;

import java.time.Duration;

/**
 * The {@code server} block. Promtail's default port is 80; ours is the same so that a config without the key
 * behaves alike, and the shipped configs set 9080. Port 0 picks a free port (tests). {@code logFormat} is the agent's
 * own log encoding, {@code logfmt} or {@code json}, as {@code -log.format}. {@code enableRuntimeReload} turns on
 * {@code /reload} (SIGHUP reloads either way), as {@code -server.enable-runtime-reload}.
 */
public record ServerConfig(
        boolean disable,
        String httpListenAddress,
        int httpListenPort,
        Duration gracefulShutdownTimeout,
        String logLevel,
        boolean healthCheckTarget,
        String logFormat,
        boolean enableRuntimeReload) {

    /** Reload over HTTP off. */
    public ServerConfig(boolean disable, String httpListenAddress, int httpListenPort,
            Duration gracefulShutdownTimeout, String logLevel, boolean healthCheckTarget, String logFormat) {
        this(disable, httpListenAddress, httpListenPort, gracefulShutdownTimeout, logLevel, healthCheckTarget,
                logFormat, false);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(false, "0.0.0.0", 80, Duration.ofSeconds(30), "info", true, "logfmt", false);
    }
}
