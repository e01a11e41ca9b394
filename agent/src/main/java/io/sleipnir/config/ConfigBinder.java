package io.sleipnir.config;

import io.sleipnir.config.NodeConverter.Keys;
import io.sleipnir.golang.GoDuration;
import io.sleipnir.golang.GoRegex;
import io.sleipnir.golang.GoTemplate;
import io.sleipnir.golang.GoTimeLayout;
import io.sleipnir.logql.LogSelector;
import io.sleipnir.relabel.RelabelRule;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a {@link YamlNode} tree into {@link AgentConfig}, with Promtail's key names and defaults. Strict: every key
 * is either read, rejected as a Promtail key we do not support yet, or (a short, named list) accepted and ignored
 * because it only tunes something we do not have. Anything else is an unknown key. A key with a null value (e.g.
 * {@code batchwait:}) means "use the default".
 */
final class ConfigBinder {

    private static final Keys TOP_LEVEL = Keys.of("server", "client", "clients", "positions", "scrape_configs",
            "limits_config", "target_config", "global", "options", "tracing", "wal");

    private static final Keys POSITIONS = Keys.of("filename", "sync_period", "ignore_invalid_yaml");

    private static final Keys SCRAPE = Keys.of("job_name", "static_configs", "pipeline_stages",
                    "kubernetes_sd_configs", "relabel_configs", LokiPushApiConfig.KIND, "syslog", "gelf",
                    JournalConfig.KIND, DockerSdConfig.KIND, "decompression")
            .notYetSupported("file_sd_configs", "kafka", "windows_events", "gcplog",
                    "cloudflare", "heroku_drain", "azure_event_hubs", "consul_sd_configs", "consulagent_sd_configs",
                    "dns_sd_configs", "digitalocean_sd_configs", "dockerswarm_sd_configs", "serverset_sd_configs",
                    "nerve_sd_configs", "marathon_sd_configs", "gce_sd_configs", "ec2_sd_configs",
                    "openstack_sd_configs", "azure_sd_configs", "triton_sd_configs", "encoding");

    private static final Keys STATIC = Keys.of("targets", "labels");

    private static final Keys DECOMPRESSION = Keys.of("enabled", "initial_delay", "format");

    private static final Keys RELABEL = Keys.of("source_labels", "separator", "target_label", "regex", "modulus",
            "replacement", "action");

    private static final Keys LIMITS = Keys.of("max_line_size", "max_line_size_truncate", "readline_rate_enabled",
            "readline_rate", "readline_burst", "readline_rate_drop", "max_streams", "max_tenants", "max_label_values",
            "max_label_values_per_label", "label_values_window", "label_overflow_value");
    private static final Keys TARGET = Keys.of("sync_period", "stdin");
    private static final Keys GLOBAL = Keys.of("file_watch_config");
    private static final Keys FILE_WATCH = Keys.of("min_poll_frequency", "max_poll_frequency");
    /** Promtail 2.8 prints {@code options.stream_lag_labels}; like the client's, it labels a metric we do not export. */
    private static final Keys OPTIONS = Keys.of().ignored(Set.of("stream_lag_labels"));
    private static final Keys TRACING = Keys.of("enabled");
    private static final Keys WAL = Keys.of("enabled", "dir", "cleanSegmentsOlderThan", "watchConfig");

    private final NodeConverter convert;
    private final StageCatalog stages;

    private ConfigBinder(String sourceName, StageCatalog stages) {
        this.convert = new NodeConverter(sourceName);
        this.stages = stages;
    }

    /**
     * Binds the whole tree; every problem found is reported together ({@link ConfigException#of}): unknown keys,
     * and each section, client, scrape config and stage that fails, so one run shows what to fix.
     */
    static AgentConfig bind(YamlNode root, String sourceName, boolean requireClients, StageCatalog stages)
            throws ConfigException {
        ConfigBinder binder = new ConfigBinder(sourceName, stages);
        AgentConfig config;
        try {
            config = binder.collect(() -> binder.agent(root, requireClients), null);
        } catch (NodeConverter.TooManyProblems e) {
            throw ConfigException.of(binder.convert.problems(), true);
        }
        if (!binder.convert.problems().isEmpty()) {
            throw ConfigException.of(binder.convert.problems());
        }
        return config;
    }

    private <T> T collect(NodeConverter.Part<T> part, T fallback) {
        return convert.collect(part, fallback);
    }

    private AgentConfig agent(YamlNode root, boolean requireClients) throws ConfigException {
        if (!(root instanceof YamlNode.Mapping) && !(root instanceof YamlNode.Scalar scalar && scalar.isNull())) {
            throw convert.error(root, "", "expected a map at the top level, got " + root.describe());
        }
        MappingReader top = convert.mapping(root, "", TOP_LEVEL);
        ServerConfig server = collect(() -> ServerBinder.server(top.mapping("server", ServerBinder.SERVER)),
                ServerConfig.defaults());
        List<ClientConfig> clients = collect(() -> new ClientsBinder(convert).clients(top, requireClients), List.of());
        PositionsConfig positions = collect(() -> positions(top.mapping("positions", POSITIONS)),
                PositionsConfig.defaults());
        List<ScrapeConfig> scrapeConfigs = collect(() -> scrapeConfigs(top), List.of());
        LimitsConfig limits = collect(() -> limits(top.mapping("limits_config", LIMITS)), LimitsConfig.defaults());
        TargetConfig targetConfig = collect(() -> targetConfig(top.mapping("target_config", TARGET)),
                TargetConfig.defaults());
        GlobalConfig global = collect(() -> global(top.mapping("global", GLOBAL)), GlobalConfig.defaults());
        collect(() -> top.mapping("options", OPTIONS), null);
        collect(() -> {
            onlyWhenDisabled(top, "tracing", TRACING, true);
            return null;
        }, null);
        collect(() -> {
            onlyWhenDisabled(top, "wal", WAL, false);
            return null;
        }, null);
        return new AgentConfig(server, clients, positions, scrapeConfigs, limits, targetConfig, global);
    }

    private PositionsConfig positions(MappingReader m) throws ConfigException {
        PositionsConfig d = PositionsConfig.defaults();
        if (m == null) {
            return d;
        }
        Path filename = d.filename();
        String text = m.string("filename", null);
        if (text != null) {
            try {
                if (text.isEmpty()) {
                    throw m.error("filename", "must not be empty");
                }
                filename = Path.of(text);
            } catch (InvalidPathException e) {
                throw m.error("filename", "invalid path \"" + text + "\": " + e.getReason());
            }
        }
        return new PositionsConfig(filename, positive(m, "sync_period", d.syncPeriod()),
                m.bool("ignore_invalid_yaml", d.ignoreInvalidYaml()));
    }

    private List<ScrapeConfig> scrapeConfigs(MappingReader top) throws ConfigException {
        List<ScrapeConfig> out = new ArrayList<>();
        Map<String, Integer> jobLines = new HashMap<>();
        List<YamlNode> items = top.list("scrape_configs");
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            ScrapeConfig scrape = collect(() -> scrapeConfig(items.get(index), index, jobLines), null);
            if (scrape != null) {
                out.add(scrape);
            }
        }
        return out;
    }

    private ScrapeConfig scrapeConfig(YamlNode item, int i, Map<String, Integer> jobLines) throws ConfigException {
        MappingReader m = convert.mapping(item, ConfigPaths.index("scrape_configs", i), SCRAPE);
        YamlNode.Entry jobEntry = m.entry("job_name");
        if (jobEntry == null) {
            throw m.missing("job_name");
        }
        String jobName = convert.string(jobEntry.value(), m.path("job_name"));
        if (jobName.isEmpty()) {
            throw m.error("job_name", "must not be empty");
        }
        Integer firstLine = jobLines.putIfAbsent(jobName, jobEntry.value().line());
        if (firstLine != null) {
            throw m.error("job_name", "duplicate job name \"" + jobName + "\" (first at line " + firstLine + ")");
        }
        List<StageConfig> stages = stages(m);
        List<SourceConfig> sources = new ArrayList<>();
        NetworkSourceBinder.bind(m, sources);
        JournalBinder.bind(m, sources);
        DockerSdBinder.bind(m, sources);
        boolean otherTargets = !sources.isEmpty() || m.node().entries().stream()
                .anyMatch(e -> SCRAPE.notYetSupported().contains(e.key()));
        if (!m.has("static_configs") && !m.has("kubernetes_sd_configs") && !otherTargets
                && !m.has(LokiPushApiConfig.KIND)) {
            throw m.missing("static_configs");
        }
        List<RelabelConfig> relabel = relabelConfigs(m);
        if (m.has(LokiPushApiConfig.KIND)) {
            sources.add(PushApiBinder.bind(m, relabel, push -> ServerBinder.server(push.mapping("server", ServerBinder.SERVER))));
        }
        return new ScrapeConfig(jobName, staticConfigs(m), stages, new KubernetesSdBinder(convert).kubernetesSdConfigs(m),
                relabel, sources, decompression(m));
    }

    /** Promtail 2.8's formats are gz, z and bz2 (it reads any other only to fail at run time); we refuse at start. */
    private static DecompressionConfig decompression(MappingReader scrape) throws ConfigException {
        if (!scrape.has("decompression")) {
            return DecompressionConfig.DISABLED;
        }
        MappingReader m = scrape.mapping("decompression", DECOMPRESSION);
        boolean enabled = m.bool("enabled", false);
        Duration delay = m.duration("initial_delay", Duration.ZERO);
        if (delay.isNegative()) {
            throw m.error("initial_delay", "must not be negative, got " + GoDuration.format(delay));
        }
        String name = m.string("format", "");
        DecompressionConfig.Format format = null;
        for (DecompressionConfig.Format f : DecompressionConfig.Format.values()) {
            if (f.yamlName().equals(name)) {
                format = f;
            }
        }
        if (format == null) {
            if (!enabled) {
                return DecompressionConfig.DISABLED;
            }
            if (name.isEmpty()) {
                throw m.missing("format");
            }
            throw m.error("format", name.equals("bz2")
                    ? "bz2 is not supported yet (supported: gz, z)"
                    : "unknown format \"" + name + "\" (supported: gz, z)");
        }
        return enabled ? new DecompressionConfig(true, delay, format) : DecompressionConfig.DISABLED;
    }

    private List<StaticConfig> staticConfigs(MappingReader scrape) throws ConfigException {
        List<StaticConfig> out = new ArrayList<>();
        List<YamlNode> items = scrape.list("static_configs");
        for (int i = 0; i < items.size(); i++) {
            MappingReader m = convert.mapping(items.get(i), ConfigPaths.index(scrape.path("static_configs"), i), STATIC);
            out.add(new StaticConfig(m.stringList("targets"), m.stringMap("labels", true)));
        }
        return out;
    }

    /** Binds each rule; {@link RelabelConfig} compiles it, once, so that a bad rule fails with its location. */
    private List<RelabelConfig> relabelConfigs(MappingReader scrape) throws ConfigException {
        List<RelabelConfig> out = new ArrayList<>();
        List<YamlNode> items = scrape.list("relabel_configs");
        for (int i = 0; i < items.size(); i++) {
            String path = ConfigPaths.index(scrape.path("relabel_configs"), i);
            MappingReader m = convert.mapping(items.get(i), path, RELABEL);
            try {
                out.add(new RelabelConfig(
                        m.value("source_labels") == null ? null : m.stringList("source_labels"),
                        m.string("separator", null),
                        m.string("target_label", null),
                        m.string("regex", null),
                        m.value("modulus") == null ? null : m.integer("modulus", 0, 0, Long.MAX_VALUE),
                        m.string("replacement", null),
                        m.string("action", null)));
            } catch (IllegalArgumentException e) {
                throw convert.error(items.get(i), path, e.getMessage());
            }
        }
        return out;
    }

    private List<StageConfig> stages(MappingReader scrape) throws ConfigException {
        return stageList(scrape.list("pipeline_stages"), scrape.path("pipeline_stages"));
    }

    /** A list of stages: a scrape config's pipeline_stages, or a match stage's stages. */
    private List<StageConfig> stageList(List<YamlNode> items, String listPath) throws ConfigException {
        List<StageConfig> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            StageConfig stage = collect(() -> stage(items.get(index), ConfigPaths.index(listPath, index)), null);
            if (stage != null) {
                out.add(stage);
            }
        }
        return out;
    }

    private StageConfig stage(YamlNode item, String path) throws ConfigException {
        if (!(item instanceof YamlNode.Mapping mapping)) {
            throw convert.error(item, path, "expected a map with one stage name, got " + item.describe());
        }
        if (mapping.entries().size() != 1) {
            throw convert.error(item, path, "a stage must have exactly one key (the stage name), got "
                    + mapping.entries().size());
        }
        YamlNode.Entry entry = mapping.entries().get(0);
        return stages.bind(new StageYaml(convert, entry, ConfigPaths.child(path, entry.key()), this::stageList));
    }

    private LimitsConfig limits(MappingReader m) throws ConfigException {
        LimitsConfig d = LimitsConfig.defaults();
        if (m == null) {
            return d;
        }
        return new LimitsConfig(m.byteSize("max_line_size", d.maxLineSize()),
                m.bool("max_line_size_truncate", d.maxLineSizeTruncate()),
                (int) Math.max(0, m.integer("max_streams", d.maxStreams(), Integer.MIN_VALUE, Integer.MAX_VALUE)),
                (int) m.integer("max_tenants", d.maxTenants(), 1, Integer.MAX_VALUE), labelGuards(m), readline(m));
    }

    /** Promtail's readline limit; values as Go reads a float64 and an int (a burst below 1 passes nothing). */
    private static LimitsConfig.ReadlineRate readline(MappingReader m) throws ConfigException {
        LimitsConfig.ReadlineRate d = LimitsConfig.ReadlineRate.defaults();
        double rate = d.rate();
        if (m.has("readline_rate") && !(m.value("readline_rate") instanceof YamlNode.Scalar s && s.isNull())) {
            String text = m.string("readline_rate", "");
            rate = goFloat(text);
            if (Double.isNaN(rate)) {
                throw m.error("readline_rate", "invalid number \"" + text + "\"");
            }
        }
        return new LimitsConfig.ReadlineRate(m.bool("readline_rate_enabled", d.enabled()), rate,
                (int) m.integer("readline_burst", d.burst(), Integer.MIN_VALUE, Integer.MAX_VALUE),
                m.bool("readline_rate_drop", d.drop()));
    }

    private static final java.util.regex.Pattern GO_YAML_FLOAT =
            java.util.regex.Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    /** A YAML float as Go's yaml.v2 reads one (digits, {@code .inf}); NaN when it is none. */
    private static double goFloat(String text) {
        String t = text.replace("_", "");
        switch (t) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf", "-.Inf", "-.INF" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                return GO_YAML_FLOAT.matcher(t).matches() ? Double.parseDouble(t) : Double.NaN;
            }
        }
    }

    /** Sleipnir's cardinality guards ({@link LabelGuardConfig}); off unless a limit is set. */
    private static LabelGuardConfig labelGuards(MappingReader m) throws ConfigException {
        LabelGuardConfig d = LabelGuardConfig.off();
        Map<String, Long> perLabel = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : m.stringMap("max_label_values_per_label", true).entrySet()) {
            try {
                long limit = Long.parseLong(e.getValue());
                if (limit < 0) {
                    throw new NumberFormatException();
                }
                perLabel.put(e.getKey(), limit);
            } catch (NumberFormatException bad) {
                throw m.error("max_label_values_per_label", "label " + e.getKey() + ": expected a count of 0 or more,"
                        + " got \"" + e.getValue() + "\"");
            }
        }
        Duration window = m.duration("label_values_window", d.window());
        if (window.compareTo(Duration.ofSeconds(2)) < 0) {
            throw m.error("label_values_window", "must be at least 2s, got " + GoDuration.format(window));
        }
        return new LabelGuardConfig(m.integer("max_label_values", 0, 0, Integer.MAX_VALUE), perLabel, window,
                m.string("label_overflow_value", d.overflowValue()));
    }

    private TargetConfig targetConfig(MappingReader m) throws ConfigException {
        TargetConfig d = TargetConfig.defaults();
        if (m == null) {
            return d;
        }
        onlyOff(m, "stdin", false);
        return new TargetConfig(positive(m, "sync_period", d.syncPeriod()));
    }

    private GlobalConfig global(MappingReader m) throws ConfigException {
        GlobalConfig d = GlobalConfig.defaults();
        MappingReader watch = m == null ? null : m.mapping("file_watch_config", FILE_WATCH);
        if (watch == null) {
            return d;
        }
        Duration min = positive(watch, "min_poll_frequency", d.minPollFrequency());
        Duration max = positive(watch, "max_poll_frequency", d.maxPollFrequency());
        if (min.compareTo(max) > 0) {
            throw watch.error(watch.has("min_poll_frequency") ? "min_poll_frequency" : "max_poll_frequency",
                    "min_poll_frequency (" + GoDuration.format(min) + ") must not be greater than max_poll_frequency ("
                            + GoDuration.format(max) + ")");
        }
        return new GlobalConfig(min, max);
    }

    /**
     * A Promtail key of a feature we do not have (yet), accepted while it holds {@code off}, the value that means
     * the feature is off (Promtail's default, as its {@code -print-config-stderr} writes it); any other value is
     * refused. {@code off} is a Boolean, a Long or a String, which also sets how the value is read.
     */
    static void onlyOff(MappingReader m, String key, Object off) throws ConfigException {
        if (m.value(key) == null) {
            return;
        }
        Object value = off instanceof Boolean ? (Object) m.bool(key, false)
                : off instanceof Long ? (Object) m.integer(key, 0, Long.MIN_VALUE, Long.MAX_VALUE)
                : m.string(key, "");
        if (!value.equals(off)) {
            String shown = off instanceof String text ? "\"" + text + "\"" : String.valueOf(off);
            throw m.error(key, "\"" + key + "\" is not supported yet (only " + shown + " is accepted)");
        }
    }

    /** A period that drives a ticker: zero would spin (Go's ticker panics on it), so it must be positive. */
    private static Duration positive(MappingReader m, String key, Duration defaultValue) throws ConfigException {
        return m.positiveDuration(key, defaultValue);
    }

    /** {@code tracing} and {@code wal}: accepted only when switched off. Tracing's code default is on, as in Promtail. */
    private void onlyWhenDisabled(MappingReader top, String key, Keys keys, boolean enabledByDefault)
            throws ConfigException {
        MappingReader m = top.mapping(key, keys);
        if (m == null) {
            return;
        }
        String problem = "\"" + key + "\" is not supported yet (only enabled: false is accepted)";
        if (m.value("enabled") == null) {
            if (enabledByDefault) {
                throw convert.error(m.node(), key, problem);
            }
            return;
        }
        if (m.bool("enabled", enabledByDefault)) {
            throw m.error("enabled", problem);
        }
    }
}
