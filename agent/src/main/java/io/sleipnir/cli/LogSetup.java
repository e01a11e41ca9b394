package io.sleipnir.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per log record on stderr, logfmt-style like Promtail's, at the level the flag or config chose. */
final class LogSetup {
    private LogSetup() {
    }

    static void configure(String level) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Level jul = toJul(level);
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(jul);
        handler.setFormatter(new LineFormatter());
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

    private static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            String level = switch (r.getLevel().getName()) {
                case "SEVERE" -> "error";
                case "WARNING" -> "warn";
                case "INFO" -> "info";
                default -> "debug";
            };
            String logger = r.getLoggerName() == null ? "" : r.getLoggerName().replace("io.sleipnir.", "");
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
