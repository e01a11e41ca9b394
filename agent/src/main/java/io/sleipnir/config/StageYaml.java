package io.sleipnir.config;

import io.sleipnir.config.NodeConverter.Keys;
import java.util.List;

/**
 * One stage as written, {@code name: body}, handed to its kind's binder with the tools to read it: its body as a
 * mapping with known keys, errors at its location, and the binding of a nested stage list (a match stage's
 * {@code stages}) with every problem collected as in the rest of the file.
 */
public final class StageYaml {
    /** Binds a nested list of stages, reporting each stage's problem and going on. */
    interface NestedStages {
        List<StageConfig> bind(List<YamlNode> items, String listPath) throws ConfigException;
    }

    private final NodeConverter convert;
    private final YamlNode.Entry entry;
    private final String path;
    private final NestedStages nested;

    StageYaml(NodeConverter convert, YamlNode.Entry entry, String path, NestedStages nested) {
        this.convert = convert;
        this.entry = entry;
        this.path = path;
        this.nested = nested;
    }

    /** The stage's name as written (the key). */
    public String name() {
        return entry.key();
    }

    /** The whole {@code name: body} entry, with the key's location. */
    public YamlNode.Entry entry() {
        return entry;
    }

    /** The key path of the stage, such as {@code scrape_configs[0].pipeline_stages[2].regex}. */
    public String path() {
        return path;
    }

    public NodeConverter converter() {
        return convert;
    }

    /** The body as a mapping with {@code keys}; a null body ({@code docker:}) reads as an empty mapping. */
    public MappingReader mapping(Keys keys) throws ConfigException {
        return convert.mapping(entry.value(), path, keys);
    }

    /** A problem at the stage's key. */
    public ConfigException error(String problem) {
        return convert.error(entry.line(), entry.column(), path, problem);
    }

    /** Binds {@code items}, a list of stages under {@code listPath}. */
    public List<StageConfig> stages(List<YamlNode> items, String listPath) throws ConfigException {
        return nested.bind(items, listPath);
    }
}
