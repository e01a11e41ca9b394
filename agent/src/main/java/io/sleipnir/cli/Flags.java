package io.sleipnir.cli;

import java.util.List;

/**
 * The command line, spelled as Promtail spells it ({@code -config.file=x}, {@code -config.file x},
 * {@code --config.file=x}; booleans as {@code -dry-run} or {@code -dry-run=false}).
 */
public record Flags(
        String configFile,
        boolean expandEnv,
        boolean dryRun,
        boolean checkSyntax,
        boolean printConfigStderr,
        String logLevel,
        boolean version,
        boolean exitOnEof,
        boolean help,
        boolean inspect) {

    static final String USAGE = """
            Usage: sleipnir -config.file=FILE [flags]
              -config.file string        configuration file (Promtail's format)
              -config.expand-env         expand ${VAR} and ${VAR:-default} in the configuration file
              -dry-run                   print entries instead of sending them; positions are not written
              -inspect                   like -dry-run, and print what each pipeline stage changed in each entry
              -check-syntax              check the configuration file and exit
              -print-config-stderr       print the effective configuration to stderr at start
              -log.level string          debug, info, warn or error (default: server.log_level, else info)
              -exit-on-eof               stop once every file has been read to its end and delivered (demos, benchmarks);
                                         exit 1 when pushes keep failing for 10s without one working
              -version                   print the version and exit
            """;

    public static Flags parse(List<String> args) throws UsageException {
        String configFile = null;
        boolean expandEnv = false;
        boolean dryRun = false;
        boolean checkSyntax = false;
        boolean printConfig = false;
        String logLevel = null;
        boolean version = false;
        boolean exitOnEof = false;
        boolean help = false;
        boolean inspect = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
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
            switch (name) {
                case "config.file" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("flag needs an argument: -config.file");
                        }
                        value = args.get(++i);
                    }
                    configFile = value;
                }
                case "log.level" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("flag needs an argument: -log.level");
                        }
                        value = args.get(++i);
                    }
                    if (!List.of("debug", "info", "warn", "error").contains(value)) {
                        throw new UsageException("invalid value \"" + value + "\" for flag -log.level: use debug, info, warn or error");
                    }
                    logLevel = value;
                }
                case "config.expand-env" -> expandEnv = bool(name, value);
                case "dry-run" -> dryRun = bool(name, value);
                case "inspect" -> inspect = bool(name, value);
                case "check-syntax" -> checkSyntax = bool(name, value);
                case "print-config-stderr" -> printConfig = bool(name, value);
                case "version" -> version = bool(name, value);
                case "exit-on-eof" -> exitOnEof = bool(name, value);
                case "h", "help" -> help = true;
                default -> throw new UsageException("flag provided but not defined: -" + name);
            }
        }
        return new Flags(configFile, expandEnv, dryRun, checkSyntax, printConfig, logLevel, version, exitOnEof, help,
                inspect);
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
