package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateValues.str;
import static io.sleipnir.golang.TemplateValues.typeName;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * sprig v3.2.3's date functions (date.go) on {@link GoTime} values, reading an injected clock whose zone is Go's
 * {@code time.Local}: {@code now}, {@code date}, {@code dateInZone}, {@code htmlDate}, {@code htmlDateInZone},
 * {@code dateModify}, {@code mustDateModify}, {@code ago}, {@code duration}, {@code durationRound}, {@code toDate},
 * {@code mustToDate}, {@code unixEpoch} (and the snake_case aliases). As in sprig, a date argument that is neither
 * a time nor an integer (a string, say) means now, and an unknown zone means UTC.
 */
final class SprigDates {
    private static final long SECOND = 1_000_000_000L;

    private final Clock clock;
    /** Where {@code now}'s monotonic reading counts from (Go: process start; here: when the functions were made). */
    private final Instant origin;

    private SprigDates(Clock clock) {
        this.clock = clock;
        this.origin = clock.instant();
    }

    static void register(Map<String, Func> f, Clock clock) {
        SprigDates d = new SprigDates(clock);
        put(f, "now", 0, 0, a -> d.now());
        put(f, "date", 2, 2, a -> d.dateInZone(str(a, 0, "date"), a.get(1), "Local"));
        put(f, "htmlDate", 1, 1, a -> d.dateInZone("2006-01-02", a.get(0), "Local"));
        put(f, "htmlDateInZone", 2, 2, a -> d.dateInZone("2006-01-02", a.get(0), str(a, 1, "htmlDateInZone")));
        for (String name : List.of("dateInZone", "date_in_zone")) {
            put(f, name, 3, 3, a -> d.dateInZone(str(a, 0, name), a.get(1), str(a, 2, name)));
        }
        for (String name : List.of("dateModify", "date_modify", "mustDateModify", "must_date_modify")) {
            boolean must = name.startsWith("must");
            put(f, name, 2, 2, a -> dateModify(str(a, 0, name), time(a, 1, name), must, name));
        }
        put(f, "ago", 1, 1, a -> GoDuration.format(Duration.ofNanos(roundToSecond(d.since(d.timeOrNow(a.get(0)))))));
        put(f, "duration", 1, 1, a -> GoDuration.format(Duration.ofNanos(seconds(a.get(0)) * SECOND)));
        put(f, "durationRound", 1, 1, a -> durationRound(d.roundable(a.get(0))));
        put(f, "toDate", 2, 2, a -> {
            GoTime t = d.parse(str(a, 0, "toDate"), str(a, 1, "toDate"));
            return t == null ? GoTime.ZERO : t;
        });
        put(f, "mustToDate", 2, 2, a -> {
            String layout = str(a, 0, "mustToDate");
            String text = str(a, 1, "mustToDate");
            GoTime t = d.parse(layout, text);
            if (t == null) {
                throw new ExecutionException("error calling mustToDate: parsing time " + GoQuote.quote(text)
                        + " as " + GoQuote.quote(layout) + ": cannot parse");
            }
            return t;
        });
        put(f, "unixEpoch", 1, 1, a -> Long.toString(time(a, 0, "unixEpoch").unixSeconds()));
    }

    private GoTime now() {
        Instant now = clock.instant();
        return new GoTime(now, clock.getZone(), Duration.between(origin, now).toNanos());
    }

    /** A time.Time as is, an integer as Unix seconds in Local, anything else now. */
    private GoTime timeOrNow(Object date) {
        if (date instanceof GoTime t) {
            return t;
        }
        if (date instanceof Long seconds) {
            return new GoTime(Instant.ofEpochSecond(seconds), clock.getZone(), null);
        }
        return now();
    }

    private String dateInZone(String layout, Object date, String zone) {
        return timeOrNow(date).in(location(zone)).format(layout);
    }

    /** Go's time.LoadLocation, with sprig's fallback to UTC when it fails. */
    private ZoneId location(String name) {
        if (name.isEmpty() || name.equals("UTC")) {
            return ZoneOffset.UTC;
        }
        if (name.equals("Local")) {
            return clock.getZone();
        }
        return ZoneId.getAvailableZoneIds().contains(name) ? ZoneId.of(name) : ZoneOffset.UTC;
    }

    private static GoTime dateModify(String duration, GoTime date, boolean must, String fn)
            throws ExecutionException {
        try {
            return date.plusNanos(GoDuration.parse(duration).toNanos());
        } catch (IllegalArgumentException | ArithmeticException e) {
            if (must) {
                throw new ExecutionException("error calling " + fn + ": time: invalid duration "
                        + GoQuote.quote(duration));
            }
            return date;
        }
    }

    /** time.Since: by the monotonic readings when both times have one, as Go does, else by the wall clock. */
    private long since(GoTime t) {
        GoTime now = now();
        if (t.monotonicNanos() != null) {
            return now.monotonicNanos() - t.monotonicNanos();
        }
        return Duration.between(t.instant(), now.instant()).toNanos();
    }

    /** Go's Duration.Round(time.Second): halves away from zero. */
    private static long roundToSecond(long nanos) {
        if (nanos < 0) {
            return nanos == Long.MIN_VALUE ? Long.MIN_VALUE : -roundToSecond(-nanos);
        }
        long r = nanos % SECOND;
        return r + r < SECOND ? nanos - r : nanos + (SECOND - r);
    }

    /** sprig's duration argument: a string read as base-10 seconds, an integer as seconds, anything else 0. */
    private static long seconds(Object sec) {
        if (sec instanceof String s) {
            if (!s.matches("[+-]?[0-9]+")) {
                return 0;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return s.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE; // strconv's value beside ErrRange
            }
        }
        return sec instanceof Long l ? l : 0;
    }

    private long roundable(Object duration) {
        if (duration instanceof String s) {
            try {
                return GoDuration.parse(s).toNanos();
            } catch (IllegalArgumentException | ArithmeticException e) {
                return 0;
            }
        }
        if (duration instanceof Long nanos) {
            return nanos;
        }
        return duration instanceof GoTime t ? since(t) : 0;
    }

    /** sprig's durationRound: the largest whole unit (y, mo, d, h, m, s) the magnitude exceeds. */
    private static String durationRound(long d) {
        long u = Math.abs(d); // Long.MIN_VALUE stays negative: compared unsigned below, as Go's uint64
        long hour = 3600 * SECOND;
        long[] units = {365 * 24 * hour, 30 * 24 * hour, 24 * hour, hour, 60 * SECOND, SECOND};
        String[] names = {"y", "mo", "d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (Long.compareUnsigned(u, units[i]) > 0) {
                return Long.divideUnsigned(u, units[i]) + names[i];
            }
        }
        return "0s";
    }

    /** time.ParseInLocation(layout, text, time.Local); null where Go returns an error. */
    private GoTime parse(String layout, String text) {
        long nanos = GoTimeLayout.goLayout(layout).parseNanos(text, clock.getZone(), clock);
        if (nanos == GoTimeLayout.INVALID) {
            return null;
        }
        return new GoTime(Instant.ofEpochSecond(Math.floorDiv(nanos, SECOND), Math.floorMod(nanos, SECOND)),
                clock.getZone(), null);
    }

    private static GoTime time(List<Object> a, int i, String fn) throws ExecutionException {
        if (a.get(i) instanceof GoTime t) {
            return t;
        }
        Object o = a.get(i);
        throw new ExecutionException("error calling " + fn + ": argument " + (i + 1) + " is "
                + (o == null ? "missing (<no value>)" : typeName(o)) + ", want time.Time");
    }
}
