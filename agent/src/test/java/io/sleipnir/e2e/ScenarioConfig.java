package io.sleipnir.e2e;

import java.nio.file.Path;

/**
 * The agent config of a scenario test: one static job tailing local files into a test receiver, with the timings
 * the test sets. An option left unset is left out of the YAML, so the agent applies its own default; durations
 * are written as given.
 */
final class ScenarioConfig {
    private final String job;
    private final String lokiUrl;
    private final Path positionsFile;
    private final String path;
    private String listenAddress;
    private int listenPort;
    private String batchWait;
    private Integer batchSize;
    private String backoffMinPeriod;
    private String backoffMaxPeriod;
    private Integer backoffMaxRetries;
    private String positionsSyncPeriod;
    private String targetSyncPeriod;
    private String minPollFrequency;
    private String maxPollFrequency;
    private String stages = "- cri: {}";
    private String jobExtra = "";

    private ScenarioConfig(String job, String lokiUrl, Path positionsFile, String path) {
        this.job = job;
        this.lokiUrl = lokiUrl;
        this.positionsFile = positionsFile;
        this.path = path;
    }

    /**
     * A job named {@code job} (also its {@code job} label) whose {@code __path__} is {@code path}, pushing to
     * {@code lokiUrl}, with a {@code cri} stage and the HTTP server on an ephemeral port until told otherwise.
     */
    static ScenarioConfig staticJob(String job, String path, String lokiUrl, Path positionsFile) {
        return new ScenarioConfig(job, lokiUrl, positionsFile, path);
    }

    ScenarioConfig listenOn(String address, int port) {
        this.listenAddress = address;
        this.listenPort = port;
        return this;
    }

    ScenarioConfig batchWait(String wait) {
        this.batchWait = wait;
        return this;
    }

    ScenarioConfig batch(String wait, int sizeBytes) {
        this.batchWait = wait;
        this.batchSize = sizeBytes;
        return this;
    }

    ScenarioConfig backoff(String minPeriod, String maxPeriod) {
        this.backoffMinPeriod = minPeriod;
        this.backoffMaxPeriod = maxPeriod;
        return this;
    }

    ScenarioConfig backoff(String minPeriod, String maxPeriod, int maxRetries) {
        backoff(minPeriod, maxPeriod);
        this.backoffMaxRetries = maxRetries;
        return this;
    }

    ScenarioConfig positionsSyncPeriod(String period) {
        this.positionsSyncPeriod = period;
        return this;
    }

    ScenarioConfig targetSyncPeriod(String period) {
        this.targetSyncPeriod = period;
        return this;
    }

    ScenarioConfig pollFrequency(String min, String max) {
        this.minPollFrequency = min;
        this.maxPollFrequency = max;
        return this;
    }

    /** Replaces the {@code cri} stage: {@code stagesYaml} is the {@code pipeline_stages} list, unindented. */
    ScenarioConfig stages(String stagesYaml) {
        this.stages = stagesYaml;
        return this;
    }

    /** More keys of the scrape job ({@code jobYaml} unindented, e.g. a {@code decompression} block). */
    ScenarioConfig jobExtra(String jobYaml) {
        this.jobExtra = jobYaml;
        return this;
    }

    String yaml() {
        StringBuilder y = new StringBuilder("server:\n");
        optional(y, "  http_listen_address: ", listenAddress);
        y.append("  http_listen_port: ").append(listenPort).append('\n');
        y.append("clients:\n  - url: ").append(lokiUrl).append('\n');
        optional(y, "    batchwait: ", batchWait);
        optional(y, "    batchsize: ", batchSize);
        if (backoffMinPeriod != null) {
            y.append("    backoff_config:\n");
            y.append("      min_period: ").append(backoffMinPeriod).append('\n');
            y.append("      max_period: ").append(backoffMaxPeriod).append('\n');
            optional(y, "      max_retries: ", backoffMaxRetries);
        }
        y.append("positions:\n  filename: ").append(positionsFile).append('\n');
        optional(y, "  sync_period: ", positionsSyncPeriod);
        if (targetSyncPeriod != null) {
            y.append("target_config:\n  sync_period: ").append(targetSyncPeriod).append('\n');
        }
        if (minPollFrequency != null) {
            y.append("global:\n  file_watch_config:\n");
            y.append("    min_poll_frequency: ").append(minPollFrequency).append('\n');
            y.append("    max_poll_frequency: ").append(maxPollFrequency).append('\n');
        }
        y.append("scrape_configs:\n  - job_name: ").append(job).append('\n');
        y.append("    static_configs:\n      - targets: [localhost]\n        labels:\n");
        y.append("          job: ").append(job).append('\n');
        y.append("          __path__: ").append(path).append('\n');
        y.append("    pipeline_stages:\n");
        stages.lines().forEach(line -> y.append("      ").append(line).append('\n'));
        jobExtra.lines().forEach(line -> y.append("    ").append(line).append('\n'));
        return y.toString();
    }

    private static void optional(StringBuilder y, String key, Object value) {
        if (value != null) {
            y.append(key).append(value).append('\n');
        }
    }
}
