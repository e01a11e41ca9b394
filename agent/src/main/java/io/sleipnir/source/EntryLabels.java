package io.sleipnir.source;

import io.sleipnir.config.RelabelConfig;
import io.sleipnir.model.Labels;
import io.sleipnir.relabel.RelabelAction;
import io.sleipnir.relabel.Relabeler;
import io.sleipnir.relabel.RelabelRule;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network source's labels for one message, as Promtail's targets make them: the {@code labels} of the config and
 * the message's {@code __}-labels go through the job's {@code relabel_configs}, then every {@code __} label is
 * removed. Compiled once per source.
 */
public final class EntryLabels {
    static final int REMEMBERED = 4096;
    private final Map<String, String> configured;
    private final List<RelabelRule> rules;
    private final boolean namesMatter;
    /** Every label a rule names (to read, or to write); unless names matter, other {@code __} labels cannot matter. */
    private final Set<String> named;
    /** Label sets before relabeling, to their result (null: dropped); least recently used first. */
    private final Map<Map<String, String>, Labels> remembered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Map<String, String>, Labels> eldest) {
            return size() > REMEMBERED;
        }
    };

    public EntryLabels(Map<String, String> configured, List<RelabelConfig> relabelConfigs) {
        this.configured = Map.copyOf(configured);
        List<RelabelRule> compiled = new ArrayList<>();
        for (RelabelConfig c : relabelConfigs) {
            compiled.add(RelabelRule.fromYamlValues(c.sourceLabels(), c.separator(), c.targetLabel(), c.regex(),
                    c.modulus(), c.replacement(), c.action()));
        }
        this.rules = List.copyOf(compiled);
        this.namesMatter = rules.stream().anyMatch(r -> r.action() == RelabelAction.LABELMAP
                || r.action() == RelabelAction.LABELDROP || r.action() == RelabelAction.LABELKEEP);
        Set<String> names = new HashSet<>();
        for (RelabelRule r : rules) {
            names.addAll(r.sourceLabels());
            if (r.targetLabel() != null) {
                names.add(r.targetLabel());
            }
        }
        this.named = Set.copyOf(names);
    }

    /** A fresh map holding the configured labels, for the message's own labels to be added to. */
    public Map<String, String> start() {
        return new HashMap<>(configured);
    }

    /**
     * Whether a rule can see the {@code __} label {@code label}: a rule names it (a source label, or the target a
     * {@code keepequal} reads), or a rule acts on label names. Otherwise it cannot change what {@link #finish} returns
     * (every {@code __} label is removed after relabeling), so a label that is costly to compute (a reverse DNS
     * lookup) or that differs per message (a journal field) is only added when one can.
     */
    public boolean used(String label) {
        return namesMatter || named.contains(label);
    }

    /**
     * The entry's labels, or null when a rule dropped the message. Messages of one stream repeat the same label set:
     * its result is remembered (the last {@link #REMEMBERED} sets), so relabeling runs once per set and every entry
     * of a stream shares one {@link Labels} instance, whose Loki text the client then computes once. A source whose
     * messages carry {@code __} labels that differ per message (a journal entry's {@code __journal_message}) leaves
     * out those no rule can see ({@link #used}), or every set would be new.
     */
    public Labels finish(Map<String, String> labels) {
        labels.values().removeIf(String::isEmpty);
        synchronized (remembered) {
            Labels known = remembered.get(labels);
            if (known != null || remembered.containsKey(labels)) {
                return known;
            }
        }
        Labels relabeled = Relabeler.process(Labels.of(labels), rules);
        Labels out = relabeled == null ? null : relabeled.withoutInternal();
        synchronized (remembered) {
            remembered.put(labels, out);
        }
        return out;
    }

    /** Go's {@code net.LookupAddr} joined as Promtail joins it; "" when the address has no name. */
    public static String reverseLookup(InetAddress address) {
        try {
            InetAddress fresh = InetAddress.getByAddress(address.getAddress());
            String name = fresh.getCanonicalHostName();
            return name.equals(fresh.getHostAddress()) ? "" : name;
        } catch (IOException e) {
            return "";
        }
    }
}
