package io.sleipnir.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record on stderr, logfmt-style like Promtail's or JSON ({@code -log.format=json}), at the level
 * the flag or config chose.
 */
final class LogSetup {
    private LogSetup() {
    }

    static void configure(String level) {
        configure(level, "logfmt");
    }

    /** {@code format} is {@code logfmt} or {@code json} ({@code -log.format}, as Promtail's). */
    static void configure(String level, String format) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Level jul = toJul(level);
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(jul);
        handler.setFormatter("json".equals(format) ? new JsonFormatter() : new LineFormatter());
        root.addHandler(handler);
        root.setLevel(jul);
        // Netty and others log through JUL; keep their chatter at our level or quieter.
        Logger.getLogger("io.netty").setLevel(jul.intValue() < Level.INFO.intValue() ? Level.INFO : jul);
    }

    static Level toJul(String level) {
        return switch (level == null ? "info" : level) {
            case "debug" -> Level.FINE;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }

    static void printTo(PrintStream out, String message) {
        out.println(message);
    }

    static String levelName(LogRecord r) {
        return switch (r.getLevel().getName()) {
            case "SEVERE" -> "error";
            case "WARNING" -> "warn";
            case "INFO" -> "info";
            default -> "debug";
        };
    }

    static String component(LogRecord r) {
        return r.getLoggerName() == null ? "" : r.getLoggerName().replace("io.sleipnir.", "");
    }

    /** One JSON object per line with the same keys as the logfmt lines: ts, level, component, msg, err. */
    static final class JsonFormatter extends Formatter {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public String format(LogRecord r) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("ts", Instant.ofEpochMilli(r.getMillis()).toString());
            line.put("level", levelName(r));
            line.put("component", component(r));
            line.put("msg", formatMessage(r));
            if (r.getThrown() != null) {
                line.put("err", String.valueOf(r.getThrown()));
            }
            try {
                return JSON.writeValueAsString(line) + System.lineSeparator();
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e); // a map of strings always serialises
            }
        }
    }

    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            String level = levelName(r);
            String logger = component(r);
            StringBuilder b = new StringBuilder(128)
                    .append("ts=").append(Instant.ofEpochMilli(r.getMillis()))
                    .append(" level=").append(level)
                    .append(" component=").append(logger)
                    .append(" msg=\"").append(formatMessage(r).replace("\"", "\\\"")).append('"');
            if (r.getThrown() != null) {
                b.append(" err=\"").append(String.valueOf(r.getThrown()).replace("\"", "\\\"")).append('"');
            }
            return b.append(System.lineSeparator()).toString();
        }
    }
}
