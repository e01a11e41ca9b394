package io.sleipnir.model;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable label set, sorted by name. Its Loki text form ({@code {a="b", c="d"}}) and hash are computed
 * once, because every entry of a stream shares the same instance and the batcher keys streams by it.
 */
public final class Labels {
    private static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private final int hash;
    private String lokiText;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    public static Labels empty() {
        return EMPTY;
    }

    public static Labels of(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, String> sorted = new TreeMap<>(labels);
        String[] n = new String[sorted.size()];
        String[] v = new String[sorted.size()];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            n[i] = e.getKey();
            v[i] = e.getValue();
            i++;
        }
        return new Labels(n, v);
    }

    /** Convenience for tests and static configs: {@code Labels.of("app", "order", "namespace", "shop")}. */
    public static Labels of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got " + nameValuePairs.length + " strings");
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            m.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return of(m);
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The value of {@code name}, or null. */
    public String get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : null;
    }

    public boolean has(String name) {
        return Arrays.binarySearch(names, name) >= 0;
    }

    /** A copy with {@code name} set to {@code value}; the same instance when nothing changes. */
    public Labels with(String name, String value) {
        int i = Arrays.binarySearch(names, name);
        if (i >= 0) {
            if (values[i].equals(value)) {
                return this;
            }
            String[] v = values.clone();
            v[i] = value;
            return new Labels(names, v);
        }
        int at = -i - 1;
        String[] n = new String[names.length + 1];
        String[] v = new String[names.length + 1];
        System.arraycopy(names, 0, n, 0, at);
        System.arraycopy(values, 0, v, 0, at);
        n[at] = name;
        v[at] = value;
        System.arraycopy(names, at, n, at + 1, names.length - at);
        System.arraycopy(values, at, v, at + 1, names.length - at);
        return new Labels(n, v);
    }

    /** A copy without {@code name}; the same instance when it is absent. */
    public Labels without(String name) {
        int i = Arrays.binarySearch(names, name);
        if (i < 0) {
            return this;
        }
        String[] n = new String[names.length - 1];
        String[] v = new String[names.length - 1];
        System.arraycopy(names, 0, n, 0, i);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(names, i + 1, n, i, names.length - i - 1);
        System.arraycopy(values, i + 1, v, i, names.length - i - 1);
        return n.length == 0 ? EMPTY : new Labels(n, v);
    }

    /** This set with every label of {@code other} added; {@code other} wins on a clash. */
    public Labels merge(Labels other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        TreeMap<String, String> m = new TreeMap<>(toMap());
        m.putAll(other.toMap());
        return of(m);
    }

    /** Labels whose names start with {@code __} are internal and never sent to Loki. */
    public Labels withoutInternal() {
        boolean any = false;
        for (String n : names) {
            if (n.startsWith("__")) {
                any = true;
                break;
            }
        }
        if (!any) {
            return this;
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            if (!names[i].startsWith("__")) {
                m.put(names[i], values[i]);
            }
        }
        return of(m);
    }

    public Map<String, String> toMap() {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return m;
    }

    /** The Prometheus text form Loki parses: names sorted, values escaped as Go strings. */
    public String toLokiString() {
        String s = lokiText;
        if (s == null) {
            StringBuilder b = new StringBuilder(16 * names.length + 2).append('{');
            for (int i = 0; i < names.length; i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append(names[i]).append("=\"");
                escapeInto(values[i], b);
                b.append('"');
            }
            s = b.append('}').toString();
            lokiText = s;
        }
        return s;
    }

    static void escapeInto(String value, StringBuilder b) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Labels other
                && hash == other.hash
                && Arrays.equals(names, other.names)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return toLokiString();
    }
}
