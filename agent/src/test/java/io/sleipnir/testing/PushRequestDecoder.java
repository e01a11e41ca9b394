package io.sleipnir.testing;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an uncompressed {@code logproto.PushRequest} the way Loki reads it, with protobuf-java's
 * {@link CodedInputStream} and no generated classes, so the agent's encoder is checked against the schema's
 * field numbers rather than against itself.
 */
public final class PushRequestDecoder {
    private PushRequestDecoder() {
    }

    public record DecodedEntry(long timestampNanos, String line, Map<String, String> structuredMetadata) {
    }

    public record DecodedStream(String labels, List<DecodedEntry> entries) {
    }

    public static List<DecodedStream> decode(byte[] raw) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(raw);
        in.setSizeLimit(Integer.MAX_VALUE);
        List<DecodedStream> streams = new ArrayList<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return streams;
            }
            if (tag == ((1 << 3) | 2)) {
                int limit = in.pushLimit(in.readRawVarint32());
                streams.add(readStream(in));
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                return streams;
            }
        }
    }

    private static DecodedStream readStream(CodedInputStream in) throws IOException {
        String labels = "";
        List<DecodedEntry> entries = new ArrayList<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return new DecodedStream(labels, entries);
            }
            switch (tag) {
                case (1 << 3) | 2 -> labels = in.readStringRequireUtf8();
                case (2 << 3) | 2 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    entries.add(readEntry(in));
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
    }

    private static DecodedEntry readEntry(CodedInputStream in) throws IOException {
        long seconds = 0;
        int nanos = 0;
        String line = "";
        Map<String, String> metadata = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return new DecodedEntry(seconds * 1_000_000_000L + nanos, line,
                        metadata == null ? Map.of() : Collections.unmodifiableMap(metadata));
            }
            switch (tag) {
                case (1 << 3) | 2 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (true) {
                        int t = in.readTag();
                        if (t == 0) {
                            break;
                        }
                        switch (t) {
                            case (1 << 3) -> seconds = in.readInt64();
                            case (2 << 3) -> nanos = in.readInt32();
                            default -> in.skipField(t);
                        }
                    }
                    in.popLimit(limit);
                }
                case (2 << 3) | 2 -> line = in.readStringRequireUtf8();
                case (3 << 3) | 2 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    String name = "";
                    String value = "";
                    while (true) {
                        int t = in.readTag();
                        if (t == 0) {
                            break;
                        }
                        switch (t) {
                            case (1 << 3) | 2 -> name = in.readStringRequireUtf8();
                            case (2 << 3) | 2 -> value = in.readStringRequireUtf8();
                            default -> in.skipField(t);
                        }
                    }
                    in.popLimit(limit);
                    if (metadata == null) {
                        metadata = new LinkedHashMap<>();
                    }
                    metadata.put(name, value);
                }
                default -> in.skipField(tag);
            }
        }
    }

    /**
     * Parses Loki's stream selector text {@code {a="b", c="d"}} with Go string unescaping; throws
     * {@link IllegalArgumentException} on malformed input.
     */
    public static Map<String, String> parseLabels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        int[] pos = {0};
        skipSpace(text, pos);
        expect(text, pos, '{');
        skipSpace(text, pos);
        if (peek(text, pos) == '}') {
            pos[0]++;
            return labels;
        }
        while (true) {
            skipSpace(text, pos);
            int start = pos[0];
            while (pos[0] < text.length() && isNameChar(text.charAt(pos[0]), pos[0] == start)) {
                pos[0]++;
            }
            if (pos[0] == start) {
                throw new IllegalArgumentException("expected a label name at " + start + " in " + text);
            }
            String name = text.substring(start, pos[0]);
            skipSpace(text, pos);
            expect(text, pos, '=');
            skipSpace(text, pos);
            expect(text, pos, '"');
            StringBuilder value = new StringBuilder();
            while (true) {
                if (pos[0] >= text.length()) {
                    throw new IllegalArgumentException("unterminated value in " + text);
                }
                char c = text.charAt(pos[0]++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (pos[0] >= text.length()) {
                        throw new IllegalArgumentException("dangling escape in " + text);
                    }
                    char e = text.charAt(pos[0]++);
                    switch (e) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'r' -> value.append('\r');
                        default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + text);
                    }
                } else {
                    value.append(c);
                }
            }
            if (labels.put(name, value.toString()) != null) {
                throw new IllegalArgumentException("duplicate label name " + name + " in " + text);
            }
            skipSpace(text, pos);
            char sep = peek(text, pos);
            pos[0]++;
            if (sep == '}') {
                break;
            }
            if (sep != ',') {
                throw new IllegalArgumentException("expected , or } at " + (pos[0] - 1) + " in " + text);
            }
        }
        skipSpace(text, pos);
        if (pos[0] != text.length()) {
            throw new IllegalArgumentException("trailing text after } in " + text);
        }
        return labels;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private static void skipSpace(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static char peek(String s, int[] pos) {
        if (pos[0] >= s.length()) {
            throw new IllegalArgumentException("unexpected end of " + s);
        }
        return s.charAt(pos[0]);
    }

    private static void expect(String s, int[] pos, char c) {
        if (peek(s, pos) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + pos[0] + " in " + s);
        }
        pos[0]++;
    }
}
