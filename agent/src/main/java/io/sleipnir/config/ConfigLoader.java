package io.sleipnir.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads Promtail's YAML configuration strictly: optional {@code -config.expand-env} expansion of the raw text
 * ({@link EnvExpander}), YAML parsing that keeps locations, then binding to {@link AgentConfig} with Promtail's
 * defaults. Every problem found fails the load together in one {@link ConfigException}, one line per problem
 * ({@code file:line:column: key.path: problem}); no other exception escapes.
 *
 * <p>{@code requireClients} (default true) demands at least one client. {@code -dry-run} passes false: Promtail's
 * dry-run still insists on a client URL, we relax that because a dry run never pushes.
 */
public final class ConfigLoader {
    /**
     * Larger files are refused before they are read: a Promtail config is a few KiB, a generated one for many jobs
     * a few hundred; this bounds memory and time (a 1 MiB config checks in well under 2 s).
     */
    public static final long MAX_CONFIG_BYTES = 4L * 1024 * 1024;

    static final String EXPAND_ENV_HINT = " (the value holds \"${\": environment variables are expanded only with"
            + " -config.expand-env=true)";

    private ConfigLoader() {
    }

    public static AgentConfig load(Path file, boolean expandEnv, Map<String, String> env) throws ConfigException {
        return load(file, expandEnv, env, true);
    }

    public static AgentConfig load(Path file, boolean expandEnv, Map<String, String> env, boolean requireClients)
            throws ConfigException {
        return load(file, expandEnv, env, requireClients, StageCatalog.installed());
    }

    /** @param stages the stage kinds {@code pipeline_stages} may name ({@code io.sleipnir.pipeline.Stages}) */
    public static AgentConfig load(Path file, boolean expandEnv, Map<String, String> env, boolean requireClients,
            StageCatalog stages) throws ConfigException {
        String sourceName = file.toString();
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_CONFIG_BYTES) {
                throw new ConfigException(sourceName, 0, 0, "", "config file is " + size + " bytes; the limit is "
                        + MAX_CONFIG_BYTES + " bytes (4 MiB)");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(sourceName, 0, 0, "", "cannot read config file: no such file", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(sourceName, 0, 0, "", "cannot read config file: permission denied", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(sourceName, 0, 0, "", "cannot read config file: not valid UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(sourceName, 0, 0, "", "cannot read config file: " + e, e);
        }
        return parse(text, sourceName, expandEnv, env, requireClients, stages);
    }

    public static AgentConfig parse(String yamlText, String sourceName, boolean expandEnv, Map<String, String> env)
            throws ConfigException {
        return parse(yamlText, sourceName, expandEnv, env, true);
    }

    public static AgentConfig parse(String yamlText, String sourceName, boolean expandEnv, Map<String, String> env,
            boolean requireClients) throws ConfigException {
        return parse(yamlText, sourceName, expandEnv, env, requireClients, StageCatalog.installed());
    }

    /** @param stages the stage kinds {@code pipeline_stages} may name ({@code io.sleipnir.pipeline.Stages}) */
    public static AgentConfig parse(String yamlText, String sourceName, boolean expandEnv, Map<String, String> env,
            boolean requireClients, StageCatalog stages) throws ConfigException {
        String text = yamlText.startsWith("\uFEFF") ? yamlText.substring(1) : yamlText;
        try {
            checkSize(text, sourceName, "config");
            if (expandEnv) {
                text = EnvExpander.expand(text, sourceName, env);
                checkSize(text, sourceName, "config after -config.expand-env");
            }
            YamlNode root = YamlTreeReader.read(text, sourceName);
            return ConfigBinder.bind(root, sourceName, requireClients, stages);
        } catch (ConfigException e) {
            throw expandEnv ? e : withExpandEnvHint(e, text);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours, not a problem of the file: still one line, never a stack trace at start-up.
            throw new ConfigException(sourceName, 0, 0, "", "cannot load config (internal error, please report: "
                    + e + ")", e);
        }
    }

    private static void checkSize(String text, String sourceName, String what) throws ConfigException {
        if (text.length() > MAX_CONFIG_BYTES) {
            throw new ConfigException(sourceName, 0, 0, "", what + " is " + text.length()
                    + " characters; the limit is " + MAX_CONFIG_BYTES + " (4 MiB)");
        }
    }

    /**
     * Promtail adds "Use -config.expand-env=true ..." to any config error when expansion is off; we add it to the
     * problems whose line holds {@code ${}, where it is the likely cause.
     */
    private static ConfigException withExpandEnvHint(ConfigException e, String text) {
        String[] lines = text.split("\n", -1);
        List<ConfigException> hinted = new ArrayList<>();
        boolean changed = false;
        for (ConfigException p : e.all()) {
            if (p.line() > 0 && p.line() <= lines.length && lines[p.line() - 1].contains("${")) {
                hinted.add(new ConfigException(p.sourceName(), p.line(), p.column(), p.keyPath(),
                        p.problem() + EXPAND_ENV_HINT, p.getCause()));
                changed = true;
            } else {
                hinted.add(p);
            }
        }
        return changed ? ConfigException.of(hinted) : e;
    }
}
