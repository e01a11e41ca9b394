package io.sleipnir.relabel;

import io.sleipnir.golang.GoMatch;
import io.sleipnir.model.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Applies relabel rules with the semantics of Prometheus' {@code relabel.Process}. */
public final class Relabeler {
    private Relabeler() {
    }

    /**
     * Applies {@code rules} in order and returns the resulting label set, or null when a keep, drop, keepequal or
     * dropequal rule drops the target. Setting a label to "" removes it, as Prometheus' label builder does.
     */
    public static Labels process(Labels labels, List<RelabelRule> rules) {
        Labels current = labels;
        for (RelabelRule rule : rules) {
            current = apply(rule, current);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** One rule; null means "drop the target". */
    static Labels apply(RelabelRule rule, Labels labels) {
        String value = sourceValue(rule, labels);
        switch (rule.action()) {
            case DROP:
                return rule.regex().find(value) ? null : labels;
            case KEEP:
                return rule.regex().find(value) ? labels : null;
            case DROPEQUAL:
                return valueOf(labels, rule.targetLabel()).equals(value) ? null : labels;
            case KEEPEQUAL:
                return valueOf(labels, rule.targetLabel()).equals(value) ? labels : null;
            case REPLACE:
                return replace(rule, labels, value);
            case LOWERCASE:
                return set(labels, rule.targetLabel(), mapCase(value, false));
            case UPPERCASE:
                return set(labels, rule.targetLabel(), mapCase(value, true));
            case HASHMOD:
                return set(labels, rule.targetLabel(), Long.toUnsignedString(hashMod(value, rule.modulus())));
            case LABELMAP:
                return labelMap(rule, labels);
            case LABELDROP:
                return filterNames(rule, labels, false);
            case LABELKEEP:
                return filterNames(rule, labels, true);
            default:
                throw new IllegalStateException("unknown relabel action " + rule.action());
        }
    }

    private static String sourceValue(RelabelRule rule, Labels labels) {
        List<String> sources = rule.sourceLabels();
        if (sources.size() == 1) {
            return valueOf(labels, sources.get(0));
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sources.size(); i++) {
            if (i > 0) {
                b.append(rule.separator());
            }
            b.append(valueOf(labels, sources.get(i)));
        }
        return b.toString();
    }

    private static String valueOf(Labels labels, String name) {
        String v = labels.get(name);
        return v == null ? "" : v;
    }

    private static Labels set(Labels labels, String name, String value) {
        return value.isEmpty() ? labels.without(name) : labels.with(name, value);
    }

    private static Labels replace(RelabelRule rule, Labels labels, String value) {
        GoMatch m = rule.regex().firstMatch(value);
        if (m == null) {
            return labels;
        }
        String target = rule.targetExpansion().expand(value, m);
        if (!LabelNames.isValid(target)) {
            // Prometheus leaves the labels alone when a templated target expands to an invalid name.
            return labels;
        }
        return set(labels, target, rule.replacementExpansion().expand(value, m));
    }

    /**
     * Every label whose name matches is copied to the expanded replacement; the set is read as it was before the
     * rule, so a new label cannot match again. A name that expands to an invalid label name is skipped (Prometheus
     * would keep it and reject the target later; Loki would reject it anyway).
     */
    private static Labels labelMap(RelabelRule rule, Labels labels) {
        Labels out = labels;
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            GoMatch m = rule.regex().firstMatch(name);
            if (m != null) {
                String newName = rule.replacementExpansion().expand(name, m);
                if (LabelNames.isValid(newName)) {
                    out = set(out, newName, labels.value(i));
                }
            }
        }
        return out;
    }

    private static Labels filterNames(RelabelRule rule, Labels labels, boolean keepMatching) {
        Labels out = labels;
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            if (rule.regex().find(name) != keepMatching) {
                out = out.without(name);
            }
        }
        return out;
    }

    /**
     * Go's {@code strings.ToLower/ToUpper}: simple per-code-point mappings, locale-free. Java's String methods differ
     * ("ß" upper-cases to "SS", a final "Σ" lower-cases to "ς"); Go keeps "ß" and gives "σ".
     */
    static String mapCase(String value, boolean upper) {
        StringBuilder b = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> b.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp)));
        return b.toString();
    }

    /** {@code binary.BigEndian.Uint64(md5(value)[8:]) % modulus}: the last 8 bytes, unsigned. */
    static long hashMod(String value, long modulus) {
        byte[] md5;
        try {
            md5 = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE provides MD5", e);
        }
        long h = 0;
        for (int i = 8; i < 16; i++) {
            h = (h << 8) | (md5[i] & 0xffL);
        }
        return Long.remainderUnsigned(h, modulus);
    }
}
