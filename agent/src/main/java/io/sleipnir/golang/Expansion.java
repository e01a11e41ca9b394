package io.sleipnir.golang;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A replacement template compiled once against its regex, expanded with Go's {@code Regexp.Expand} rules (which
 * Prometheus uses), not Java's {@code Matcher.appendReplacement}:
 * <ul>
 *   <li>{@code $name} takes the longest run of letters, digits and {@code _}: {@code $1x} is the group named "1x";
 *       write {@code ${1}x} to mean group 1 then "x".</li>
 *   <li>A name that is all digits (no leading zero) is a group number; any other name is a named group.</li>
 *   <li>A group that does not exist or did not participate expands to "" (Java would throw).</li>
 *   <li>{@code $$} is a literal {@code $}; a malformed reference ({@code $}, {@code ${}, {@code ${x}) stays as text;
 *       {@code \} has no special meaning.</li>
 * </ul>
 * Get one from {@link GoRegex#expansion(String)}; relabel rules compile theirs once at config time, and
 * {@link GoRegex#replaceAll} uses the same rules for {@code regexReplaceAll}.
 */
public final class Expansion {
    private final String template;
    /** Each part is either a literal String or an Integer group index. */
    private final Object[] parts;

    private Expansion(String template, Object[] parts) {
        this.template = template;
        this.parts = parts;
    }

    /**
     * Resolves every reference in {@code template} against a regex with {@code groupCount} groups and the given
     * names, so expanding needs no parsing. References to groups that cannot exist are dropped here.
     */
    static Expansion compile(String template, int groupCount, Map<String, Integer> groupIndexByName) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        String rest = template;
        while (!rest.isEmpty()) {
            int dollar = rest.indexOf('$');
            if (dollar < 0) {
                break;
            }
            literal.append(rest, 0, dollar);
            rest = rest.substring(dollar + 1);
            if (!rest.isEmpty() && rest.charAt(0) == '$') {
                literal.append('$');
                rest = rest.substring(1);
                continue;
            }
            Reference ref = Reference.extract(rest);
            if (ref == null) {
                literal.append('$');
                continue;
            }
            rest = rest.substring(ref.consumed());
            Integer group = ref.number() >= 0
                    ? (ref.number() <= groupCount ? Integer.valueOf(ref.number()) : null)
                    : groupIndexByName.get(ref.name());
            if (group != null) {
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(group);
            }
        }
        literal.append(rest);
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new Expansion(template, parts.toArray());
    }

    /** Expands against a successful match of {@code input}. */
    public String expand(CharSequence input, GoMatch match) {
        if (parts.length == 1 && parts[0] instanceof String s) {
            return s;
        }
        StringBuilder b = new StringBuilder(template.length() + 16);
        for (Object part : parts) {
            if (part instanceof String s) {
                b.append(s);
            } else {
                int g = (Integer) part;
                int start = match.start(g);
                if (start >= 0) {
                    b.append(input, start, match.end(g));
                }
            }
        }
        return b.toString();
    }

    /** The template as configured. */
    public String template() {
        return template;
    }

    @Override
    public String toString() {
        return template;
    }

    /** Go's {@code extract}: a {@code name} or {@code {name}} after a {@code $}; number is -1 for a name. */
    private record Reference(String name, int number, int consumed) {
        static Reference extract(String s) {
            if (s.isEmpty()) {
                return null;
            }
            boolean brace = s.charAt(0) == '{';
            int start = brace ? 1 : 0;
            int i = start;
            while (i < s.length()) {
                int cp = s.codePointAt(i);
                if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                    break;
                }
                i += Character.charCount(cp);
            }
            if (i == start) {
                return null;
            }
            String name = s.substring(start, i);
            if (brace) {
                if (i >= s.length() || s.charAt(i) != '}') {
                    return null;
                }
                i++;
            }
            return new Reference(name, number(name), i);
        }

        private static int number(String name) {
            int num = 0;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < '0' || c > '9' || num >= 100_000_000) {
                    return -1;
                }
                num = num * 10 + (c - '0');
            }
            if (name.charAt(0) == '0' && name.length() > 1) {
                return -1;
            }
            return num;
        }
    }
}
