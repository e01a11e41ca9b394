package io.sleipnir.golang;

import static io.sleipnir.golang.LayoutChunks.ISO_COLON_SECONDS_TZ;
import static io.sleipnir.golang.LayoutChunks.ISO_COLON_TZ;
import static io.sleipnir.golang.LayoutChunks.ISO_SECONDS_TZ;
import static io.sleipnir.golang.LayoutChunks.ISO_SHORT_TZ;
import static io.sleipnir.golang.LayoutChunks.NUM_COLON_SECONDS_TZ;
import static io.sleipnir.golang.LayoutChunks.NUM_COLON_TZ;
import static io.sleipnir.golang.LayoutChunks.NUM_SECONDS_TZ;
import static io.sleipnir.golang.LayoutChunks.NUM_SHORT_TZ;
import static io.sleipnir.golang.LayoutChunks.isDigit;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Go's time zones while parsing: abbreviations ({@code parseTimeZone}, {@code lookupName}), numeric offsets, DST. */
final class GoZones {
    private GoZones() {
    }

    private static final DateTimeFormatter ZONE_ABBREVIATION = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

    /**
     * The zone name Go's {@code Time.Format} prints for {@code MST} at {@code instant}: "UTC" for UTC, "" for any
     * other fixed offset (Go's {@code FixedZone("", offset)}, which prints as {@code -0700}), else the short name
     * of the zone in effect. Java's names come from CLDR, not from the tz database Go reads: most agree (CET,
     * CEST, EST, PDT, GMT, BST), a few differ (tz writes {@code +04} where Java writes GST).
     */
    static String abbreviation(ZoneId zone, Instant instant) {
        if (zone instanceof ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? "UTC" : "";
        }
        String name = ZONE_ABBREVIATION.format(instant.atZone(zone));
        if (name.startsWith("GMT") && name.length() > 3) {
            // Java's GMT+03:00 for a zone without a name: tz names it +03 (or +0530).
            String sign = name.substring(3, 4);
            String[] hm = name.substring(4).split(":");
            String hours = hm[0].length() == 1 ? "0" + hm[0] : hm[0];
            return sign + hours + (hm.length > 1 && !hm[1].equals("00") ? hm[1] : "");
        }
        return name;
    }

    /**
     * The offset Go's {@code time.Date} gives a local time in {@code location}: the offset in effect at the local
     * time read as UTC, then, unless that is 0, the offset in effect at the instant that gives. In a gap (Berlin
     * 2023-03-26 02:30) and an overlap (2023-10-29 02:30) this picks the offset Go picks (both 01:30Z), where
     * java.time's rule (earlier offset, gap shifted forward) would give 00:30Z.
     */
    static long goDateOffset(ZoneId location, long localSeconds) {
        ZoneRules rules = location.getRules();
        int offset = rules.getOffset(Instant.ofEpochSecond(localSeconds)).getTotalSeconds();
        if (offset == 0) {
            return 0;
        }
        return rules.getOffset(Instant.ofEpochSecond(localSeconds - offset)).getTotalSeconds();
    }

    /**
     * Go's zone handling for an abbreviation (time.parse, then Location.lookupName): a zone of {@code location} of
     * that name in effect at the time; else any zone of that name the location ever had; else offset 0 (also for
     * {@code GMT-8}: Go shows it at -8 but the instant is the wall clock as UTC). So {@code CET} in Europe/Berlin in July is +01:00 although CEST is in effect.
     */
    static long abbreviationOffset(CharSequence s, int from, int to, ZoneId location, long localSeconds) {
        String name = s.subSequence(from, to).toString();
        if (location != null && !(location instanceof ZoneOffset)) {
            List<ZoneName> zones = zoneNames(location);
            for (ZoneName zone : zones) {
                if (zone.name.equals(name)) {
                    ZonedDateTime at = Instant.ofEpochSecond(localSeconds - zone.offset).atZone(location);
                    if (ZONE_ABBREVIATION.format(at).equals(name)) {
                        return at.getOffset().getTotalSeconds();
                    }
                }
            }
            for (ZoneName zone : zones) {
                if (zone.name.equals(name)) {
                    return zone.offset;
                }
            }
        }
        // Else Go fabricates a zone: GMT+h gets h hours as its offset, but the instant stays the wall clock read
        // as UTC (time.parse sets the location without moving the time), so every other name means offset 0.
        return 0;
    }

    private record ZoneName(String name, int offset) {
    }

    private static final java.util.concurrent.ConcurrentHashMap<ZoneId, List<ZoneName>> ZONE_NAMES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The (abbreviation, offset) pairs a location has had, most recent first: Go keeps them from the tz database;
     * here they come from the zone's transitions and rules. Java names only the standard and daylight time of a
     * zone, so older offsets (local mean time) may carry a modern name; looking at recent ones first keeps them
     * out of the way.
     */
    private static List<ZoneName> zoneNames(ZoneId location) {
        return ZONE_NAMES.computeIfAbsent(location, zone -> {
            ZoneRules rules = zone.getRules();
            List<Instant> probes = new ArrayList<>();
            int year = java.time.Year.now(ZoneOffset.UTC).getValue();
            for (var rule : rules.getTransitionRules()) {
                probes.add(rule.createTransition(year).getInstant());
                probes.add(rule.createTransition(year).getInstant().minusSeconds(1));
            }
            List<java.time.zone.ZoneOffsetTransition> transitions = rules.getTransitions();
            for (int i = transitions.size() - 1; i >= 0; i--) {
                probes.add(transitions.get(i).getInstant());
                probes.add(transitions.get(i).getInstant().minusSeconds(1));
            }
            if (probes.isEmpty()) {
                probes.add(Instant.EPOCH);
            }
            List<ZoneName> names = new ArrayList<>();
            for (Instant probe : probes) {
                ZonedDateTime at = probe.atZone(zone);
                ZoneName n = new ZoneName(ZONE_ABBREVIATION.format(at), at.getOffset().getTotalSeconds());
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
            return List.copyOf(names);
        });
    }

    /** Go's parseTimeZone: the length of a zone abbreviation at p, or 0. */
    static int timeZoneLength(CharSequence s, int p) {
        int n = s.length() - p;
        if (n < 3) {
            return 0;
        }
        if (n >= 4 && (startsWith(s, p, "ChST") || startsWith(s, p, "MeST"))) {
            return 4;
        }
        if (startsWith(s, p, "GMT")) {
            int i = p + 3;
            return i < s.length() ? 3 + signedOffsetLength(s, i) : 3;
        }
        if (s.charAt(p) == '+' || s.charAt(p) == '-') {
            return signedOffsetLength(s, p); // "+03": a zone name in tzdata since 2017 (Go issue 24071)
        }
        int upper = 0;
        while (upper < 6 && p + upper < s.length() && s.charAt(p + upper) >= 'A' && s.charAt(p + upper) <= 'Z') {
            upper++;
        }
        return switch (upper) {
            case 3 -> 3;
            case 4 -> s.charAt(p + 3) == 'T' || startsWith(s, p, "WITA") ? 4 : 0;
            case 5 -> s.charAt(p + 4) == 'T' ? 5 : 0;
            default -> 0;
        };
    }

    /** Go's parseSignedOffset: a sign and hours up to 23; its length, or 0. */
    private static int signedOffsetLength(CharSequence s, int p) {
        if (s.charAt(p) != '+' && s.charAt(p) != '-') {
            return 0;
        }
        int j = p + 1;
        long hours = 0;
        while (j < s.length() && isDigit(s.charAt(j))) {
            hours = Math.min(hours * 10 + (s.charAt(j) - '0'), 100);
            j++;
        }
        return j == p + 1 || hours > 23 ? 0 : j - p;
    }

    private static boolean startsWith(CharSequence s, int p, String prefix) {
        if (p + prefix.length() > s.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(p + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int zoneWidth(int kind) {
        return switch (kind) {
            case ISO_COLON_TZ, NUM_COLON_TZ -> 6;
            case ISO_SHORT_TZ, NUM_SHORT_TZ -> 3;
            case ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ -> 9;
            case ISO_SECONDS_TZ, NUM_SECONDS_TZ -> 7;
            default -> 5;
        };
    }

    /** A numeric zone in seconds east of UTC, or Integer.MIN_VALUE. */
    static int numericZone(CharSequence s, int p, int kind) {
        int width = zoneWidth(kind);
        if (p + width > s.length()) {
            return Integer.MIN_VALUE;
        }
        int hh = digits2(s, p + 1);
        int mm = 0;
        int ss = 0;
        switch (kind) {
            case ISO_COLON_TZ, NUM_COLON_TZ -> {
                if (s.charAt(p + 3) != ':') {
                    return Integer.MIN_VALUE;
                }
                mm = digits2(s, p + 4);
            }
            case ISO_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ -> {
                if (s.charAt(p + 3) != ':' || s.charAt(p + 6) != ':') {
                    return Integer.MIN_VALUE;
                }
                mm = digits2(s, p + 4);
                ss = digits2(s, p + 7);
            }
            case ISO_SECONDS_TZ, NUM_SECONDS_TZ -> {
                mm = digits2(s, p + 3);
                ss = digits2(s, p + 5);
            }
            case ISO_SHORT_TZ, NUM_SHORT_TZ -> {
            }
            default -> mm = digits2(s, p + 3);
        }
        // Go's range test uses > because some offsets reach 24 hours.
        if (hh < 0 || mm < 0 || ss < 0 || hh > 24 || mm > 60 || ss > 60) {
            return Integer.MIN_VALUE;
        }
        int offset = (hh * 60 + mm) * 60 + ss;
        char sign = s.charAt(p);
        if (sign == '+') {
            return offset;
        }
        if (sign == '-') {
            return -offset;
        }
        return Integer.MIN_VALUE;
    }

    private static int digits2(CharSequence s, int at) {
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        return isDigit(a) && isDigit(b) ? (a - '0') * 10 + (b - '0') : -1;
    }
}
