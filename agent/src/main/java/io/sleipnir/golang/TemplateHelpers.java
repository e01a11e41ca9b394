package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateValues.print;
import static io.sleipnir.golang.TemplateValues.typeName;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Conversions, escapes and encodings that Go's and sprig's template functions share (cast, fmt, text/template). */
final class TemplateHelpers {
    private TemplateHelpers() {
    }


    static List<Object> copy(List<?> l) {
        return java.util.Collections.unmodifiableList(new ArrayList<>(l));
    }

    static List<?> asList(Object o) throws ExecutionException {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof String s) {
            return List.of(s); // sprig's strslice of a single value
        }
        throw new ExecutionException("cannot use " + typeName(o) + " as a list");
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

    /** text/template's HTMLEscapeString. */
    static String html(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("&#34;");
                case '\'' -> b.append("&#39;");
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\0' -> b.append('\uFFFD');
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** text/template's JSEscapeString. */
    static String js(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '"' -> b.append("\\\"");
                case '<' -> b.append("\\u003C");
                case '>' -> b.append("\\u003E");
                case '&' -> b.append("\\u0026");
                case '=' -> b.append("\\u003D");
                default -> {
                    if (c < ' ') {
                        b.append(String.format("\\u00%02X", c));
                    } else if (c >= 0x80 && !isGoPrint(c)) {
                        b.append(String.format("\\u%04X", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Go's url.QueryEscape. */
    static String urlQuery(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : utf8(s)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    static boolean isGoPrint(int c) {
        int type = Character.getType(c);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && (type != Character.SPACE_SEPARATOR || c == ' ');
    }

    static boolean isGoSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || (c > 0xFF && Character.isSpaceChar(c));
    }

    static Object index(List<Object> a) throws ExecutionException {
        Object item = a.get(0);
        for (int i = 1; i < a.size(); i++) {
            Object key = a.get(i);
            if (item instanceof TemplateValues.Data data) {
                if (!(key instanceof String k)) {
                    throw new ExecutionException("error calling index: value has type " + typeName(key)
                            + "; should be string");
                }
                item = data.lookup().apply(k);
            } else if (item instanceof Map<?, ?> map) {
                if (!(key instanceof String k)) {
                    throw new ExecutionException("error calling index: value has type " + typeName(key)
                            + "; should be string");
                }
                item = map.get(k);
            } else if (item instanceof String s) {
                byte[] b = utf8(s);
                int at = indexArg(key, b.length, "index");
                item = (long) (b[at] & 0xFF);
            } else if (item instanceof List<?> l) {
                item = l.get(indexArg(key, l.size(), "index"));
            } else {
                throw new ExecutionException("error calling index: can't index item of type "
                        + (item == null ? "nil" : typeName(item)));
            }
        }
        return item;
    }

    static int indexArg(Object key, int length, String fn) throws ExecutionException {
        if (!(key instanceof Long l)) {
            throw new ExecutionException("error calling " + fn + ": cannot index slice/array with type "
                    + typeName(key));
        }
        if (l < 0 || l >= length) {
            throw new ExecutionException("error calling " + fn + ": index out of range: " + l);
        }
        return (int) (long) l;
    }

    static Object slice(List<Object> a) throws ExecutionException {
        Object item = a.get(0);
        int length;
        if (item instanceof String s) {
            length = utf8(s).length;
            if (a.size() > 3) {
                throw new ExecutionException("error calling slice: cannot 3-index slice a string");
            }
        } else if (item instanceof List<?> l) {
            length = l.size();
        } else {
            throw new ExecutionException("error calling slice: can't slice item of type "
                    + (item == null ? "nil" : typeName(item)));
        }
        int[] idx = {0, length};
        for (int i = 1; i < a.size() && i < 3; i++) {
            if (!(a.get(i) instanceof Long l) || l < 0 || l > length) {
                throw new ExecutionException("error calling slice: index out of range: " + a.get(i));
            }
            idx[i - 1] = (int) (long) l;
        }
        if (idx[0] > idx[1]) {
            throw new ExecutionException("error calling slice: invalid slice index: " + idx[0] + " > " + idx[1]);
        }
        if (item instanceof String s) {
            return bytes(utf8(s), idx[0], idx[1]);
        }
        return copy(((List<?>) item).subList(idx[0], idx[1]));
    }

    /** Go's strings.Title: the first letter after each separator (not a letter, digit or {@code _}) upper-cased. */
    static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean prevSeparator = true;
        for (int c : s.codePoints().toArray()) {
            b.appendCodePoint(prevSeparator ? Character.toTitleCase(c) : c);
            if (c < 0x80) {
                prevSeparator = !(Character.isLetterOrDigit(c) || c == '_');
            } else {
                prevSeparator = !Character.isLetterOrDigit(c) && isGoSpace(c);
            }
        }
        return b.toString();
    }

    /** goutils' Uncapitalize: the first letter of each white-space separated word lower-cased. */
    static String untitle(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (int c : s.codePoints().toArray()) {
            b.appendCodePoint(start ? Character.toLowerCase(c) : c);
            start = isGoSpace(c);
        }
        return b.toString();
    }

    static String indent(long spaces, String s) {
        String pad = " ".repeat((int) Math.max(0, spaces));
        return pad + s.replace("\n", "\n" + pad);
    }

    static String hex(String algorithm, String s) throws ExecutionException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(utf8(s)));
        } catch (NoSuchAlgorithmException e) {
            throw new ExecutionException(algorithm + " is not available in this JVM");
        }
    }

    /** Go's strings.Split: an empty separator splits after each UTF-8 sequence. */
    static List<Object> goSplit(String s, String sep) {
        List<Object> out = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            return out;
        }
        int from = 0;
        int at;
        while ((at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** sprig's toInt64 (through cast): ints as they are, floats truncated, numeric strings parsed, else 0. */
    static long toInt64(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Double d) {
            return (long) (double) d;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                try {
                    double d = Double.parseDouble(s);
                    return d == Math.rint(d) ? (long) d : 0;
                } catch (NumberFormatException notFloat) {
                    return 0;
                }
            }
        }
        return 0;
    }

    static double toFloat64(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** Go's json.Marshal of a template value ({@code escapeHtml}: as json.Marshal; false: toRawJson). */
    static String json(Object o, boolean escapeHtml) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20 || c == '\u2028' || c == '\u2029'
                                || (escapeHtml && (c == '<' || c == '>' || c == '&'))) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
        if (o instanceof Double d) {
            double abs = Math.abs(d);
            return abs == 0 || (abs >= 1e-6 && abs < 1e21) ? GoFloat.formatF(d) : GoFloat.formatE(d);
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i > 0 ? "," : "").append(json(l.get(i), escapeHtml));
            }
            return b.append(']').toString();
        }
        return o.toString();
    }

    static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder b = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte x : data) {
            buffer = (buffer << 8) | (x & 0xFF);
            bits += 8;
            while (bits >= 5) {
                b.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            b.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        while (b.length() % 8 != 0) {
            b.append('=');
        }
        return b.toString();
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
