package io.sleipnir.cli;

import io.sleipnir.config.ByteSize;
import io.sleipnir.golang.GoDuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line, spelled as Promtail spells it ({@code -config.file=x}, {@code -config.file x},
 * {@code --config.file=x}; booleans as {@code -dry-run} or {@code -dry-run=false}). Promtail's flags that set a
 * config value are kept, checked, in {@code overrides} (applied over the file by {@link FlagOverrides}); flags for
 * what Sleipnir does not have are accepted and listed in {@code ignored}, so that a Promtail command line starts.
 */
public record Flags(
        String configFile,
        boolean expandEnv,
        boolean dryRun,
        boolean checkSyntax,
        boolean printConfigStderr,
        String logLevel,
        String logFormat,
        boolean version,
        boolean exitOnEof,
        boolean help,
        boolean inspect,
        boolean stdin,
        Map<String, String> overrides,
        List<String> ignored,
        Sleipnir sleipnir) {

    public Flags {
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        ignored = List.copyOf(ignored);
    }

    /** The run sends what it reads to Loki: not {@code -dry-run}, {@code -inspect} or pipeline tests. */
    public boolean sendsToLoki() {
        return !dryRun && !inspect && sleipnir.tests().isEmpty();
    }

    /**
     * Sleipnir's own commands: {@code -tail} (a live tail of a running agent, at {@code -tail.addr}, ending after
     * {@code -tail.limit} entries when set), {@code -dry-run.query} (only entries matching this LogQL are shown by
     * -dry-run and -inspect), {@code -test} (pipeline test files, each may be a glob) and {@code -test.update}.
     */
    public record Sleipnir(String tail, String tailAddr, long tailLimit, String dryRunQuery, List<String> tests,
            boolean testUpdate) {
        public Sleipnir {
            tests = List.copyOf(tests);
        }

        static final String DEFAULT_TAIL_ADDR = "localhost:9080";
    }

    static final String USAGE = """
            Usage: sleipnir -config.file=FILE [flags]
              -config.file string        configuration file (Promtail's format)
              -config.expand-env         expand ${VAR} and ${VAR:-default} in the configuration file
              -dry-run                   print entries instead of sending them; positions are not written
              -inspect                   like -dry-run, and print what each pipeline stage changed in each entry
              -check-syntax              check the configuration file and exit
              -print-config-stderr       print the effective configuration to stderr at start (secrets masked)
              -log.level string          debug, info, warn or error (default: server.log_level, else info)
              -log.format string         logfmt or json, for the agent's own log lines (default logfmt)
              -stdin                     read lines from standard input as one target with the first job's labels and
                                         pipeline (as Promtail), and stop once it ends and they are delivered
              -exit-on-eof               stop once every file has been read to its end and delivered (demos, benchmarks);
                                         exit 1 when pushes keep failing for 10s without one working
              -version                   print the version and exit
              -dry-run.query string      with -dry-run or -inspect: show only entries matching this LogQL query
                                         ({app="order"} |= "error")
              -tail string               print, as -dry-run does, the entries matching this LogQL query as they leave
                                         the pipelines of the agent at -tail.addr (default localhost:9080); no -config.file
              -tail.addr string          host:port of the running agent's HTTP server, for -tail
              -tail.limit int            with -tail: stop after this many entries (default 0: until interrupted)
              -test string               run the pipeline tests in this file (a glob, or several comma-separated) against
                                         -config.file's jobs; print a diff per failing case and exit 1 if any fails
              -test.update               with -test: write what the pipelines produce as each case's expectation
            Promtail's flags that set a config value override the file, as in Promtail:
              -server.http-listen-address, -server.http-listen-port, -server.graceful-shutdown-timeout,
              -server.disable, -server.enable-runtime-reload (POST or GET /reload re-reads the file; SIGHUP
              always does), -positions.file, -positions.sync-period, -positions.ignore-invalid-yaml,
              -target.sync-period, -max-line-size, -max-line-size-truncate, -max-streams, -limit.readline-rate,
              -limit.readline-burst, -limit.readline-rate-enabled, -limit.readline-rate-drop,
              -client.external-labels (every client),
              -client.url (adds a client, with -client.tenant-id, -client.batch-wait, -client.batch-size-bytes,
              -client.timeout, -client.min-backoff, -client.max-backoff, -client.max-retries,
              -client.drop-rate-limited-batches).
            Promtail's other flags (gRPC and TLS server, profiling, tracing, ...) are accepted and ignored
            with a warning.
            """;

    /** Value kinds, checked while parsing so that a bad value is a command-line error (exit 2) as in Go. */
    private enum Kind { STRING, BOOL, INT, FLOAT, DURATION, SIZE, LABELS }

    /** Promtail flags applied over the config file, with their kinds. */
    static final Map<String, Kind> OVERRIDES = Map.ofEntries(
            Map.entry("server.http-listen-address", Kind.STRING),
            Map.entry("server.http-listen-port", Kind.INT),
            Map.entry("server.graceful-shutdown-timeout", Kind.DURATION),
            Map.entry("server.disable", Kind.BOOL),
            Map.entry("server.enable-runtime-reload", Kind.BOOL),
            Map.entry("client.url", Kind.STRING),
            Map.entry("client.tenant-id", Kind.STRING),
            Map.entry("client.external-labels", Kind.LABELS),
            Map.entry("client.batch-wait", Kind.DURATION),
            Map.entry("client.batch-size-bytes", Kind.INT),
            Map.entry("client.timeout", Kind.DURATION),
            Map.entry("client.min-backoff", Kind.DURATION),
            Map.entry("client.max-backoff", Kind.DURATION),
            Map.entry("client.max-retries", Kind.INT),
            Map.entry("client.drop-rate-limited-batches", Kind.BOOL),
            Map.entry("positions.file", Kind.STRING),
            Map.entry("positions.sync-period", Kind.DURATION),
            Map.entry("positions.ignore-invalid-yaml", Kind.BOOL),
            Map.entry("target.sync-period", Kind.DURATION),
            Map.entry("max-line-size", Kind.SIZE),
            Map.entry("max-line-size-truncate", Kind.BOOL),
            Map.entry("max-streams", Kind.INT),
            Map.entry("limit.readline-rate", Kind.FLOAT),
            Map.entry("limit.readline-burst", Kind.INT),
            Map.entry("limit.readline-rate-enabled", Kind.BOOL),
            Map.entry("limit.readline-rate-drop", Kind.BOOL));

    /** Promtail flags for what Sleipnir does not have (yet): accepted, checked, and ignored with a warning. */
    static final Map<String, Kind> IGNORED = Map.ofEntries(
            Map.entry("server.http-listen-network", Kind.STRING),
            Map.entry("server.path-prefix", Kind.STRING),
            Map.entry("server.register-instrumentation", Kind.BOOL),
            Map.entry("log-config-reverse-order", Kind.BOOL),
            Map.entry("server.log-source-ips-enabled", Kind.BOOL),
            Map.entry("server.grpc-tls-ca-path", Kind.STRING),
            Map.entry("tracing.enabled", Kind.BOOL));

    /**
     * Prefixes of Promtail's server-side flags for parts Sleipnir has not got (gRPC and TLS server, HTTP server
     * timeouts, profiling, tracing): any flag under them takes a value unless written {@code -flag=...} or it is
     * a known boolean above.
     */
    private static final Set<String> IGNORED_PREFIXES = Set.of("server.grpc", "server.http-tls", "server.grpc-tls",
            "server.http-read-timeout", "server.http-write-timeout", "server.http-idle-timeout",
            "server.http-conn-limit", "server.grpc-conn-limit", "server.log-source-ips", "server.log-request",
            "server.register-instrumentation", "server.http-server", "server.grpc-server", "server.tls",
            "tracing.", "profiling.", "server.profiling");

    public static Flags parse(List<String> args) throws UsageException {
        return new Parser(args).parse();
    }

    /** One pass over the arguments; a flag's separate value moves the cursor past it. */
    private static final class Parser {
        private final List<String> args;
        private int i;
        private String configFile;
        private boolean expandEnv;
        private boolean dryRun;
        private boolean checkSyntax;
        private boolean printConfig;
        private String logLevel;
        private String logFormat; // null: server.log_format of the file decides (logfmt by default)
        private boolean version;
        private boolean exitOnEof;
        private boolean help;
        private boolean inspect;
        private boolean stdin;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final List<String> ignored = new ArrayList<>();
        private String tail;
        private String tailAddr = Sleipnir.DEFAULT_TAIL_ADDR;
        private long tailLimit;
        private String dryRunQuery;
        private final List<String> tests = new ArrayList<>();
        private boolean testUpdate;

        Parser(List<String> args) {
            this.args = args;
        }

        Flags parse() throws UsageException {
            for (i = 0; i < args.size(); i++) {
                readFlag(args.get(i));
            }
            return new Flags(configFile, expandEnv, dryRun, checkSyntax, printConfig, logLevel, logFormat, version,
                    exitOnEof, help, inspect, stdin, overrides, ignored,
                    new Sleipnir(tail, tailAddr, tailLimit, dryRunQuery, tests, testUpdate));
        }

        private void readFlag(String arg) throws UsageException {
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                throw new UsageException("unexpected argument \"" + arg + "\"");
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String name = body;
            String value = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                name = body.substring(0, eq);
                value = body.substring(eq + 1);
            }
            Kind kind = OVERRIDES.containsKey(name) ? OVERRIDES.get(name) : IGNORED.get(name);
            if (kind == null && IGNORED_PREFIXES.stream().anyMatch(name::startsWith)) {
                kind = Kind.STRING;
                if (value == null && (i + 1 >= args.size() || args.get(i + 1).startsWith("-"))) {
                    value = "true"; // a boolean written bare
                }
            }
            if (kind != null) {
                readPromtailSetting(name, kind, value);
            } else {
                readOwnFlag(name, value);
            }
        }

        /** A flag that overrides a config value, or one for a feature Sleipnir has not got. */
        private void readPromtailSetting(String name, Kind kind, String value) throws UsageException {
            if (value == null) {
                value = kind == Kind.BOOL ? "true" : argument(args, ++i, name);
            }
            String checked = check(name, kind, value);
            if (OVERRIDES.containsKey(name)) {
                overrides.put(name, checked);
            } else if (!ignored.contains(name)) {
                ignored.add(name);
            }
        }

        /** The value written after {@code =}, else the next argument. */
        private String valueOrNext(String value, String name) throws UsageException {
            return value != null ? value : argument(args, ++i, name);
        }

        private void readOwnFlag(String name, String value) throws UsageException {
            switch (name) {
                case "config.file" -> configFile = valueOrNext(value, name);
                case "log.level" -> logLevel = oneOf(name, valueOrNext(value, name),
                        List.of("debug", "info", "warn", "error"), "debug, info, warn or error");
                case "log.format" -> logFormat = oneOf(name, valueOrNext(value, name), List.of("logfmt", "json"),
                        "logfmt or json");
                case "config.expand-env" -> expandEnv = bool(name, value);
                case "dry-run" -> dryRun = bool(name, value);
                case "inspect" -> inspect = bool(name, value);
                case "check-syntax" -> checkSyntax = bool(name, value);
                case "print-config-stderr" -> printConfig = bool(name, value);
                case "version" -> version = bool(name, value);
                case "exit-on-eof" -> exitOnEof = bool(name, value);
                case "stdin" -> stdin = bool(name, value);
                case "h", "help" -> help = true;
                case "tail" -> tail = valueOrNext(value, name);
                case "tail.addr" -> tailAddr = valueOrNext(value, name);
                case "tail.limit" -> tailLimit = count(name, valueOrNext(value, name));
                case "dry-run.query" -> dryRunQuery = valueOrNext(value, name);
                case "test" -> {
                    for (String file : valueOrNext(value, name).split(",")) {
                        if (!file.isBlank()) {
                            tests.add(file.strip());
                        }
                    }
                }
                case "test.update" -> testUpdate = bool(name, value);
                default -> throw new UsageException("flag provided but not defined: -" + name);
            }
        }
    }

    private static String oneOf(String name, String value, List<String> allowed, String shown) throws UsageException {
        if (!allowed.contains(value)) {
            throw new UsageException("invalid value \"" + value + "\" for flag -" + name + ": use " + shown);
        }
        return value;
    }

    private static long count(String name, String value) throws UsageException {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw new UsageException("invalid value \"" + value + "\" for flag -" + name + ": use a count of 0 or more");
        }
        return n;
    }

    private static String argument(List<String> args, int index, String name) throws UsageException {
        if (index >= args.size()) {
            throw new UsageException("flag needs an argument: -" + name);
        }
        return args.get(index);
    }

    /** The value as it will be applied (booleans normalised to true/false); a bad one is a usage error. */
    private static String check(String name, Kind kind, String value) throws UsageException {
        try {
            switch (kind) {
                case BOOL -> {
                    return String.valueOf(bool(name, value));
                }
                case INT -> Integer.parseInt(value);
                case FLOAT -> Double.parseDouble(value);
                case DURATION -> GoDuration.parse(value);
                case SIZE -> ByteSize.parse(value);
                case LABELS -> labels(value);
                case STRING -> {
                    // The same parser as clients[].url: Go's net/url rules (a host may hold an underscore).
                    if (name.equals("client.url") && io.sleipnir.config.HttpUrl.parse(value).isEmpty()) {
                        throw new IllegalArgumentException("must be an http or https URL");
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            String shown = name.equals("client.url") ? io.sleipnir.config.ClientConfig.redactUrl(value) : value;
            throw new UsageException("invalid value \"" + shown + "\" for flag -" + name + ": " + e.getMessage());
        }
        return value;
    }

    /** Promtail's {@code -client.external-labels} syntax: {@code name=value,name=value}. */
    static Map<String, String> labels(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value.isEmpty()) {
            return out;
        }
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("want name=value pairs separated by commas");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static boolean bool(String name, String value) throws UsageException {
        if (value == null) {
            return true;
        }
        return switch (value) {
            case "true", "1", "t", "T", "TRUE", "True" -> true;
            case "false", "0", "f", "F", "FALSE", "False" -> false;
            default -> throw new UsageException("invalid boolean value \"" + value + "\" for -" + name);
        };
    }

    /** A command line that cannot be understood; exit code 2 as Go's flag package uses. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }
}
