package io.sleipnir.source.syslog;

import io.sleipnir.golang.Rfc3339;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one syslog message, RFC 5424 or RFC 3164, told apart by what follows the PRI: a version number and a space
 * ({@code <13>1 2026-...}) is RFC 5424, anything else RFC 3164 ({@code <13>Dec  2 08:00:00 host app[42]: text}).
 * RFC 5424 is read as strictly as go-syslog (Promtail's parser) reads it; RFC 3164, which has no strict form in the
 * wild, as leniently as the BSD format allows. Stateless; one instance serves every connection.
 */
final class SyslogParser {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private SyslogParser() {
    }

    /**
     * @param text           the message without its framing
     * @param nowNanos       the arrival time: RFC 3164 timestamps carry no year; they get the year that puts them
     *                       nearest before this time (a "Dec 31" arriving on Jan 1 is last year's)
     */
    static SyslogMessage parse(String text, long nowNanos) throws MalformedSyslogException {
        Cursor c = new Cursor(text);
        int pri = pri(c);
        int versionStart = c.pos;
        while (c.pos < text.length() && c.pos - versionStart < 3 && isDigit(text.charAt(c.pos))) {
            c.pos++;
        }
        if (c.pos > versionStart && text.charAt(versionStart) != '0' && c.peek() == ' ') {
            c.pos++;
            return rfc5424(c, pri);
        }
        c.pos = versionStart;
        return rfc3164(c, pri, nowNanos);
    }

    private static int pri(Cursor c) throws MalformedSyslogException {
        if (c.peek() != '<') {
            throw new MalformedSyslogException("expecting a priority value within angle brackets at 0");
        }
        c.pos++;
        int start = c.pos;
        int value = 0;
        while (isDigit(c.peek()) && c.pos - start < 3) {
            value = value * 10 + (c.text.charAt(c.pos++) - '0');
        }
        if (c.pos == start || c.peek() != '>' || value > 191) {
            throw new MalformedSyslogException("expecting a priority value in the range 1-191 or equal to 0 at "
                    + c.pos);
        }
        c.pos++;
        return value;
    }

    private static SyslogMessage rfc5424(Cursor c, int pri) throws MalformedSyslogException {
        String ts = c.field("timestamp", Integer.MAX_VALUE);
        long nanos = SyslogMessage.NO_TIMESTAMP;
        if (ts != null) {
            nanos = Rfc3339.parseNanos(ts);
            if (nanos == Rfc3339.INVALID) {
                throw new MalformedSyslogException("expecting a RFC3339MICRO timestamp or a nil value at "
                        + (c.pos - ts.length()));
            }
        }
        c.expectSpace("timestamp");
        String hostname = c.field("hostname", 255);
        c.expectSpace("hostname");
        String appName = c.field("app-name", 48);
        c.expectSpace("app-name");
        String procId = c.field("procid", 128);
        c.expectSpace("procid");
        String msgId = c.field("msgid", 32);
        List<SyslogMessage.StructuredData> sd = structuredData(c);
        String message = null;
        if (c.pos < c.text.length()) {
            if (c.peek() != ' ') {
                throw new MalformedSyslogException("expecting a space before the message at " + c.pos);
            }
            message = stripBom(c.text.substring(c.pos + 1));
            if (message.isEmpty()) {
                message = null;
            }
        }
        return new SyslogMessage(pri / 8, pri % 8, nanos, hostname, appName, procId, msgId, sd, message, true);
    }

    private static List<SyslogMessage.StructuredData> structuredData(Cursor c) throws MalformedSyslogException {
        c.expectSpace("msgid");
        if (c.peek() == '-') {
            c.pos++;
            return List.of();
        }
        if (c.peek() != '[') {
            throw new MalformedSyslogException("expecting a structured data section containing one or more elements "
                    + "(`[id( key=\"value\")*]+`) or a nil value at " + c.pos);
        }
        List<SyslogMessage.StructuredData> out = new ArrayList<>();
        while (c.peek() == '[') {
            c.pos++;
            String id = c.sdName("structured data element id");
            List<String[]> params = new ArrayList<>();
            while (c.peek() == ' ') {
                c.pos++;
                String name = c.sdName("structured data element parameter name");
                if (c.peek() != '=' || c.peekAt(1) != '"') {
                    throw new MalformedSyslogException("expecting a structured data parameter value at " + c.pos);
                }
                c.pos += 2;
                params.add(new String[] {name, c.quotedValue()});
            }
            if (c.peek() != ']') {
                throw new MalformedSyslogException("expecting the end of a structured data element at " + c.pos);
            }
            c.pos++;
            out.add(new SyslogMessage.StructuredData(id, List.copyOf(params)));
        }
        return List.copyOf(out);
    }

    private static SyslogMessage rfc3164(Cursor c, int pri, long nowNanos) throws MalformedSyslogException {
        String text = c.text;
        long nanos = SyslogMessage.NO_TIMESTAMP;
        int stampEnd = stampEnd(text, c.pos);
        if (stampEnd > 0) {
            nanos = bsdTimestamp(text.substring(c.pos, stampEnd), nowNanos);
            c.pos = stampEnd;
        } else {
            int space = text.indexOf(' ', c.pos);
            // else no timestamp: the rest is hostname, tag and text as far as they can be told apart
            long rfc3339 = space > c.pos ? Rfc3339.parseNanos(text, c.pos, space) : Rfc3339.INVALID;
            if (rfc3339 != Rfc3339.INVALID) {
                nanos = rfc3339;
                c.pos = space;
            }
        }
        if (nanos != SyslogMessage.NO_TIMESTAMP) {
            if (c.peek() != ' ') {
                throw new MalformedSyslogException("expecting a space after the timestamp at " + c.pos);
            }
            c.pos++;
        }
        String hostname = null;
        int hostEnd = text.indexOf(' ', c.pos);
        if (nanos != SyslogMessage.NO_TIMESTAMP && hostEnd > c.pos && !isTag(text, c.pos, hostEnd)) {
            hostname = text.substring(c.pos, hostEnd);
            c.pos = hostEnd + 1;
        }
        String appName = null;
        String procId = null;
        int tagEnd = tagEnd(text, c.pos);
        if (tagEnd > c.pos) {
            String tag = text.substring(c.pos, tagEnd);
            int bracket = tag.indexOf('[');
            if (bracket > 0 && tag.endsWith("]")) {
                appName = tag.substring(0, bracket);
                procId = tag.substring(bracket + 1, tag.length() - 1);
            } else {
                appName = tag;
            }
            c.pos = tagEnd + 1; // the colon
            if (c.peek() == ' ') {
                c.pos++;
            }
        }
        String message = c.pos < text.length() ? text.substring(c.pos) : null;
        return new SyslogMessage(pri / 8, pri % 8, nanos, hostname, appName, procId, null, List.of(), message,
                false);
    }

    /** The end of {@code Mmm dd hh:mm:ss} (day space-padded or not) at {@code at}, or -1. */
    private static int stampEnd(String text, int at) {
        if (text.length() < at + 15) {
            return -1;
        }
        String month = text.substring(at, at + 3);
        boolean known = false;
        for (String m : MONTHS) {
            known |= m.equals(month);
        }
        if (!known || text.charAt(at + 3) != ' ') {
            return -1;
        }
        int day = at + 4;
        if (text.charAt(day) == ' ') {
            day++;
        }
        int dayEnd = day;
        while (dayEnd < text.length() && isDigit(text.charAt(dayEnd)) && dayEnd - day < 2) {
            dayEnd++;
        }
        int end = dayEnd + 9;
        if (dayEnd == day || end > text.length() || text.charAt(dayEnd) != ' ') {
            return -1;
        }
        String time = text.substring(dayEnd + 1, end);
        if (!time.matches("\\d\\d:\\d\\d:\\d\\d")) {
            return -1;
        }
        return end;
    }

    private static long bsdTimestamp(String stamp, long nowNanos) throws MalformedSyslogException {
        String[] parts = stamp.trim().split(" +");
        int month = 0;
        while (!MONTHS[month].equals(parts[0])) {
            month++;
        }
        String[] hms = parts[2].split(":");
        LocalDateTime now = LocalDateTime.ofEpochSecond(Math.floorDiv(nowNanos, 1_000_000_000L), 0, ZoneOffset.UTC);
        try {
            LocalDateTime t = LocalDateTime.of(now.getYear(), month + 1, Integer.parseInt(parts[1]),
                    Integer.parseInt(hms[0]), Integer.parseInt(hms[1]), Integer.parseInt(hms[2]));
            if (t.isAfter(now.plusDays(1))) {
                t = t.minusYears(1);
            }
            return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
        } catch (DateTimeException e) {
            throw new MalformedSyslogException("invalid timestamp \"" + stamp + "\"");
        }
    }

    /** Whether text[from, to) reads as a tag ({@code app:} or {@code app[42]:}) rather than a hostname. */
    private static boolean isTag(String text, int from, int to) {
        return text.charAt(to - 1) == ':';
    }

    /** The index of the colon ending a tag that starts at {@code from}, or -1 when there is none. */
    private static int tagEnd(String text, int from) {
        for (int i = from; i < text.length() && i - from <= 48 + 130; i++) {
            char ch = text.charAt(i);
            if (ch == ':') {
                return i > from ? i : -1;
            }
            if (ch == ' ' || ch < 33 || ch > 126) {
                return -1;
            }
        }
        return -1;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static boolean isDigit(int ch) {
        return ch >= '0' && ch <= '9';
    }

    private static final class Cursor {
        final String text;
        int pos;

        Cursor(String text) {
            this.text = text;
        }

        int peek() {
            return pos < text.length() ? text.charAt(pos) : -1;
        }

        int peekAt(int ahead) {
            return pos + ahead < text.length() ? text.charAt(pos + ahead) : -1;
        }

        void expectSpace(String after) throws MalformedSyslogException {
            if (peek() != ' ') {
                throw new MalformedSyslogException("expecting a space after the " + after + " at " + pos);
            }
            pos++;
        }

        /** A header field of printable US-ASCII up to {@code max} long; null for the nil value {@code -}. */
        String field(String name, int max) throws MalformedSyslogException {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= 33 && text.charAt(pos) <= 126) {
                pos++;
            }
            if (pos == start || pos - start > max) {
                throw new MalformedSyslogException("expecting a " + name + " (from 1 to max " + max
                        + " US-ASCII characters) or a nil value at " + start);
            }
            return pos - start == 1 && text.charAt(start) == '-' ? null : text.substring(start, pos);
        }

        String sdName(String what) throws MalformedSyslogException {
            int start = pos;
            while (pos < text.length() && pos - start < 33) {
                char ch = text.charAt(pos);
                if (ch < 33 || ch > 126 || ch == '=' || ch == ']' || ch == '"') {
                    break;
                }
                pos++;
            }
            if (pos == start || pos - start > 32) {
                throw new MalformedSyslogException("expecting a " + what + " (from 1 to max 32 US-ASCII characters"
                        + " except `=`, ` `, `]`, and `\"`) at " + start);
            }
            return text.substring(start, pos);
        }

        /** A PARAM-VALUE after its opening quote, with {@code \"}, {@code \\} and {@code \]} unescaped. */
        String quotedValue() throws MalformedSyslogException {
            StringBuilder b = new StringBuilder();
            while (pos < text.length()) {
                char ch = text.charAt(pos++);
                if (ch == '"') {
                    return b.toString();
                }
                if (ch == '\\' && pos < text.length()) {
                    char next = text.charAt(pos);
                    if (next == '"' || next == '\\' || next == ']') {
                        b.append(next);
                        pos++;
                        continue;
                    }
                }
                if (ch == ']') {
                    throw new MalformedSyslogException("expecting an escaped `]` in a parameter value at " + (pos - 1));
                }
                b.append(ch);
            }
            throw new MalformedSyslogException("expecting the end of a structured data parameter value at " + pos);
        }
    }
}
