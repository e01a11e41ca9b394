package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateValues.print;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What the template functions share: list and byte views of values, fmt's printing, digests, base32. */
final class TemplateHelpers {
    private TemplateHelpers() {
    }

    static List<Object> copy(List<?> l) {
        return java.util.Collections.unmodifiableList(new ArrayList<>(l));
    }

    /** A list argument of sprig's list functions: anything else fails as sprig's reflection check does. */
    static List<?> asList(Object o, String fn) throws ExecutionException {
        return asList(o, fn, "Cannot find " + fn.replaceFirst("^must(.)", "$1").toLowerCase(java.util.Locale.ROOT)
                + " on type ");
    }

    /** As {@link #asList(Object, String)} with sprig's own wording ({@code "Cannot push on type "}). */
    static List<?> asList(Object o, String fn, String problem) throws ExecutionException {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o == null) {
            throw new ExecutionException("error calling " + fn
                    + ": runtime error: invalid memory address or nil pointer dereference");
        }
        throw new ExecutionException("error calling " + fn + ": " + problem + kind(o));
    }

    /** sprig's strslice: a list's items, or a single value as a list of one ({@code join}, {@code toStrings}). */
    static List<?> strslice(Object o) {
        return o instanceof List<?> l ? l : o == null ? List.of() : List.of(o);
    }

    /** reflect.Kind's name. */
    static String kind(Object o) {
        return o == null ? "invalid" : o instanceof Long ? "int" : o instanceof Double ? "float64"
                : o instanceof Boolean ? "bool" : o instanceof List ? "slice"
                : o instanceof java.util.Map || o instanceof TemplateValues.Data ? "map"
                : o instanceof GoTime ? "struct" : o instanceof GoSemver ? "ptr" : "string";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String bytes(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** fmt.Sprint: spaces between operands when neither side is a string. */
    static String sprint(List<Object> args) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            Object o = args.get(i);
            if (i > 0 && !(o instanceof String) && !(args.get(i - 1) instanceof String)) {
                b.append(' ');
            }
            b.append(o == null ? "<nil>" : print(o));
        }
        return b.toString();
    }

    /** text/template's evalArgs: a single string as it is, else fmt.Sprint of all. */
    static String evalArgs(List<Object> args) {
        if (args.size() == 1 && args.get(0) instanceof String s) {
            return s;
        }
        return sprint(args);
    }

    /** sprig's strval: strings as they are, anything else as fmt's %v. */
    static String strval(Object o) {
        return o == null ? "<nil>" : print(o);
    }

    static String hex(String algorithm, String s) throws ExecutionException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(utf8(s)));
        } catch (NoSuchAlgorithmException e) {
            throw new ExecutionException(algorithm + " is not available in this JVM");
        }
    }

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    static String base32(byte[] data) {
        StringBuilder b = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte x : data) {
            buffer = (buffer << 8) | (x & 0xFF);
            bits += 8;
            while (bits >= 5) {
                b.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            b.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        while (b.length() % 8 != 0) {
            b.append('=');
        }
        return b.toString();
    }

    /** Go's base32.StdEncoding.DecodeString; null where Go returns an error. */
    static byte[] base32Decode(String s) {
        if (s.length() % 8 != 0) {
            return null;
        }
        String body = s.replaceAll("=+$", "");
        int padding = s.length() - body.length();
        if (padding != 0 && padding != 1 && padding != 3 && padding != 4 && padding != 6) {
            return null;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < body.length(); i++) {
            int v = BASE32.indexOf(body.charAt(i));
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** Go's os.ExpandEnv: $VAR and ${VAR}; unset variables are empty. */
    static String expandEnv(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            int start = i + 1;
            int end;
            String name;
            if (s.charAt(start) == '{') {
                end = s.indexOf('}', start);
                if (end < 0) {
                    b.append(c);
                    continue;
                }
                name = s.substring(start + 1, end);
                i = end;
            } else {
                end = start;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                    end++;
                }
                if (end == start) {
                    b.append(c);
                    continue;
                }
                name = s.substring(start, end);
                i = end - 1;
            }
            String v = System.getenv(name);
            b.append(v == null ? "" : v);
        }
        return b.toString();
    }
}
