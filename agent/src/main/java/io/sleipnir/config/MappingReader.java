package io.sleipnir.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads typed values out of one mapping whose keys were already checked; absent or null keys give the default. */
public final class MappingReader {
    private final NodeConverter convert;
    private final YamlNode.Mapping mapping;
    private final String path;

    MappingReader(NodeConverter convert, YamlNode.Mapping mapping, String path) {
        this.convert = convert;
        this.mapping = mapping;
        this.path = path;
    }

    /** The converter behind this reader: errors at other nodes, nested mappings, lists of strings. */
    public NodeConverter converter() {
        return convert;
    }

    public String path() {
        return path;
    }

    public String path(String key) {
        return ConfigPaths.child(path, key);
    }

    public YamlNode.Mapping node() {
        return mapping;
    }

    /** The entry for {@code key}, or null when absent or explicitly null. */
    public YamlNode.Entry entry(String key) {
        for (YamlNode.Entry entry : mapping.entries()) {
            if (entry.key().equals(key)) {
                return entry.value() instanceof YamlNode.Scalar scalar && scalar.isNull() ? null : entry;
            }
        }
        return null;
    }

    /** Whether {@code key} is written at all, even with a null value. */
    public boolean has(String key) {
        return mapping.entries().stream().anyMatch(entry -> entry.key().equals(key));
    }

    public YamlNode value(String key) {
        YamlNode.Entry entry = entry(key);
        return entry == null ? null : entry.value();
    }

    public ConfigException missing(String key) {
        return convert.error(mapping, path(key), "required key is missing");
    }

    public ConfigException error(String key, String problem) {
        YamlNode value = value(key);
        return value == null ? convert.error(mapping, path(key), problem) : convert.error(value, path(key), problem);
    }

    public String string(String key, String defaultValue) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? defaultValue : convert.string(value, path(key));
    }

    /** {@link NodeConverter#weakString}: for stages Promtail decodes with mapstructure.WeakDecode. */
    public String weakString(String key, String defaultValue) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? defaultValue : convert.weakString(value, path(key));
    }

    /** {@link NodeConverter#weakInteger}: for stages Promtail decodes with mapstructure.WeakDecode. */
    public long weakInteger(String key, long defaultValue, long min, long max) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? defaultValue : convert.weakInteger(value, path(key), min, max);
    }

    public boolean bool(String key, boolean defaultValue) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? defaultValue : convert.bool(value, path(key));
    }

    public long integer(String key, long defaultValue, long min, long max) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? defaultValue : convert.integer(value, path(key), min, max);
    }

    public Duration duration(String key, Duration defaultValue) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? defaultValue : convert.duration(value, path(key));
    }

    public long byteSize(String key, long defaultValue) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? defaultValue : convert.byteSize(value, path(key));
    }

    public Map<String, String> stringMap(String key, boolean labelNames) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? Map.of() : convert.stringMap(value, path(key), labelNames);
    }

    public List<String> stringList(String key) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? List.of() : convert.stringList(value, path(key));
    }

    /** The list under {@code key}, or an empty list when absent or null. */
    public List<YamlNode> list(String key) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? List.of() : convert.list(value, path(key)).items();
    }

    /** The mapping under {@code key}, or null when absent or null. */
    public MappingReader mapping(String key, NodeConverter.Keys keys) throws ConfigException {
        YamlNode value = value(key);
        return value == null ? null : convert.mapping(value, path(key), keys);
    }

    /** A number; absent or null gives {@code defaultValue}. */
    public double number(String key, double defaultValue) throws ConfigException {
        YamlNode v = value(key);
        return v == null ? defaultValue : convert.number(v, path(key));
    }

    /** A period that drives a ticker: zero would spin (Go's ticker panics on it), so it must be positive. */
    public Duration positiveDuration(String key, Duration defaultValue) throws ConfigException {
        Duration value = duration(key, defaultValue);
        if (value.isZero()) {
            throw error(key, "must be greater than 0");
        }
        return value;
    }
}
