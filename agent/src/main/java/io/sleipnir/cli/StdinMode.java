package io.sleipnir.cli;

import io.sleipnir.config.AgentConfig;
import io.sleipnir.config.ScrapeConfig;
import io.sleipnir.config.StaticConfig;
import io.sleipnir.config.StdinConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -stdin} as Promtail does it: only the config's first job is used (a warning names how many are skipped),
 * with its pipeline and its {@code static_configs} labels merged; no file is tailed, no other source runs. Without
 * any job, the labels are {@code job="stdin"} and {@code hostname} (this host's name).
 */
final class StdinMode {
    private static final System.Logger LOG = System.getLogger(StdinMode.class.getName());

    private StdinMode() {
    }

    static AgentConfig apply(AgentConfig config) {
        List<ScrapeConfig> jobs = config.scrapeConfigs();
        ScrapeConfig stdinJob;
        if (jobs.isEmpty()) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("job", "stdin");
            String host = hostName();
            if (!host.isEmpty()) {
                labels.put("hostname", host);
            }
            stdinJob = new ScrapeConfig("stdin", List.of(), List.of(), List.of(), List.of(),
                    List.of(new StdinConfig(labels)));
        } else {
            if (jobs.size() > 1) {
                LOG.log(System.Logger.Level.WARNING, "too many scrape configs, skipping " + (jobs.size() - 1)
                        + " configs.");
            }
            ScrapeConfig first = jobs.get(0);
            Map<String, String> labels = new LinkedHashMap<>();
            for (StaticConfig s : first.staticConfigs()) {
                labels.putAll(s.labels());
            }
            stdinJob = new ScrapeConfig(first.jobName(), List.of(), first.pipelineStages(), List.of(), List.of(),
                    List.of(new StdinConfig(labels)));
        }
        return new AgentConfig(config.server(), config.clients(), config.positions(), List.of(stdinJob),
                config.limits(), config.targetConfig(), config.global());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "" : env;
        }
    }
}
