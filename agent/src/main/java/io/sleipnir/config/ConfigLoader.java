package io.sleipnir.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads Promtail's YAML configuration strictly: optional {@code -config.expand-env} expansion of the raw text
 * ({@link EnvExpander}), YAML parsing that keeps locations, then binding to {@link AgentConfig} with Promtail's
 * defaults. The first problem found fails the load with a one-line {@link ConfigException}
 * ({@code file:line:column: key.path: problem}).
 *
 * <p>{@code requireClients} (default true) demands at least one client. {@code -dry-run} passes false: Promtail's
 * dry-run still insists on a client URL, we relax that because a dry run never pushes.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static AgentConfig load(Path file, boolean expandEnv, Map<String, String> env) throws ConfigException {
        return load(file, expandEnv, env, true);
    }

    public static AgentConfig load(Path file, boolean expandEnv, Map<String, String> env, boolean requireClients)
            throws ConfigException {
        String sourceName = file.toString();
        String text;
        try {
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
        return parse(text, sourceName, expandEnv, env, requireClients);
    }

    public static AgentConfig parse(String yamlText, String sourceName, boolean expandEnv, Map<String, String> env)
            throws ConfigException {
        return parse(yamlText, sourceName, expandEnv, env, true);
    }

    public static AgentConfig parse(String yamlText, String sourceName, boolean expandEnv, Map<String, String> env,
            boolean requireClients) throws ConfigException {
        String text = yamlText.startsWith("\uFEFF") ? yamlText.substring(1) : yamlText;
        if (expandEnv) {
            text = EnvExpander.expand(text, sourceName, env);
        }
        YamlNode root = YamlTreeReader.read(text, sourceName);
        return ConfigBinder.bind(root, sourceName, requireClients);
    }
}
