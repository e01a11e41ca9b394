package io.sleipnir.source;

import io.sleipnir.config.DockerSdConfig;
import io.sleipnir.config.GelfConfig;
import io.sleipnir.config.JournalConfig;
import io.sleipnir.config.ScrapeConfig;
import io.sleipnir.config.LokiPushApiConfig;
import io.sleipnir.config.SourceConfig;
import io.sleipnir.config.StdinConfig;
import io.sleipnir.config.SyslogConfig;
import io.sleipnir.source.docker.DockerSource;
import io.sleipnir.source.gelf.GelfSource;
import io.sleipnir.source.journal.JournalSource;
import io.sleipnir.source.push.PushApiSource;
import io.sleipnir.source.stdin.StdinSource;
import io.sleipnir.source.syslog.SyslogSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The one list of source kinds: each {@link SourceConfig} record maps to the {@link Source} that runs it. Adding a
 * source adds its config record, its binding in {@code ConfigBinder}, one case here, its README row and its tests.
 */
public final class Sources {
    private Sources() {
    }

    /** The sources of one job, built but not started. */
    public static List<Source> of(ScrapeConfig job, SourceContext context) {
        List<Source> out = new ArrayList<>(job.sources().size());
        for (SourceConfig config : job.sources()) {
            out.add(create(job, config, context));
        }
        return out;
    }

    private static Source create(ScrapeConfig job, SourceConfig config, SourceContext context) {
        // One case per kind; the binder only produces kinds listed here.
        if (config instanceof LokiPushApiConfig push) {
            return new PushApiSource(push, context);
        }
        if (config instanceof StdinConfig stdin) {
            return new StdinSource(stdin, context, System.in);
        }
        if (config instanceof SyslogConfig syslog) {
            return new SyslogSource(syslog, job.relabelConfigs(), context);
        }
        if (config instanceof GelfConfig gelf) {
            return new GelfSource(gelf, job.relabelConfigs(), context);
        }
        if (config instanceof JournalConfig journal) {
            return new JournalSource(journal, job.relabelConfigs(), context);
        }
        if (config instanceof DockerSdConfig docker) {
            return new DockerSource(docker, job.relabelConfigs(), context);
        }
        throw new IllegalArgumentException("no source for " + config.kind() + " (job " + context.jobName() + ")");
    }
}
