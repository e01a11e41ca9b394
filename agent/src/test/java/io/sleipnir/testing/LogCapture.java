package io.sleipnir.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log record of the JVM (java.util.logging, where System.Logger and SLF4J end up) from {@link #start} to
 * {@link #close}, at {@code level} and above: the text a user would read, i.e. the formatted message, plus each
 * thrown exception with its stack trace. Sets the levels as the agent's {@code -log.level} does (Netty's loggers
 * never below info) while it runs, and restores them after.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    public record Line(Level level, String logger, String message, String thrown) {
        /** The message and any exception text: what a secret or a class name could hide in. */
        public String text() {
            return thrown == null ? message : message + " " + thrown;
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Logger root = Logger.getLogger("");
    private final Level previousRootLevel;
    private final List<Logger> lowered = new ArrayList<>();
    private final List<Level> loweredFrom = new ArrayList<>();

    private LogCapture(Level level) {
        setLevel(level);
        previousRootLevel = root.getLevel();
        root.setLevel(level);
        // As the agent's LogSetup does: our loggers at the level, Netty's own chatter at info or quieter.
        for (String name : List.of("io.sleipnir", "io.netty")) {
            Logger l = Logger.getLogger(name);
            lowered.add(l);
            loweredFrom.add(l.getLevel());
            l.setLevel(name.equals("io.netty") && level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
        }
        root.addHandler(this);
    }

    /** Starts capturing at {@code level} ({@link Level#FINE} is the agent's debug). */
    public static LogCapture start(Level level) {
        return new LogCapture(level);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String thrown = null;
        if (record.getThrown() != null) {
            StringWriter w = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(w));
            thrown = w.toString();
        }
        Line line = new Line(record.getLevel(), record.getLoggerName(), formatter.formatMessage(record), thrown);
        synchronized (lines) {
            lines.add(line);
        }
    }

    public List<Line> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** Lines at exactly {@code level} whose message contains {@code text}. */
    public List<Line> lines(Level level, String text) {
        return lines().stream().filter(l -> l.level().equals(level) && l.message().contains(text)).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(previousRootLevel);
        for (int i = 0; i < lowered.size(); i++) {
            lowered.get(i).setLevel(loweredFrom.get(i));
        }
    }
}
