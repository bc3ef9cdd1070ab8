package io.clerkcache.users;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every java.util.logging record of the JVM at every level while open, as text: the formatted message and each
 * throwable of the cause chain. On Liberty the application's log lines go through java.util.logging; Redisson logs
 * through SLF4J, which has no provider in the WAR (nor here), so nothing of it is written anywhere.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private static final String[] LOGGERS = {"", "io.clerkcache", "org.redisson"};

    private final List<String> lines = new ArrayList<>();
    private final Level[] levels = new Level[LOGGERS.length];
    private final SimpleFormatter formatter = new SimpleFormatter();

    LogCapture() {
        setLevel(Level.ALL);
        for (int i = 0; i < LOGGERS.length; i++) {
            Logger logger = Logger.getLogger(LOGGERS[i]);
            levels[i] = logger.getLevel();
            logger.setLevel(Level.ALL);
        }
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        StringBuilder text = new StringBuilder(formatter.format(record));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            text.append('\n').append(t);
        }
        lines.add(text.toString());
    }

    /** What was logged so far. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        for (int i = 0; i < LOGGERS.length; i++) {
            Logger.getLogger(LOGGERS[i]).setLevel(levels[i]);
        }
    }
}
