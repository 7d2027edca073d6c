package io.steward.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record: UTC time to the second, level, logger, message, then any stack trace.
 * {@link java.util.logging.SimpleFormatter} would do it with {@code String.format} of a zoned
 * time, which loads the time-zone database and the locale data into the heap of a process that
 * otherwise needs neither (about 0.5 MiB of the agent's resident memory; BENCHMARKS.md, "Agent
 * footprint").
 */
final class LogLine extends Formatter {

    /** Puts this format on the root logger's handlers, unless a logging configuration file says otherwise. */
    static void install() {
        if (System.getProperty("java.util.logging.config.file") != null || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFormatter(new LogLine());
        }
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128)
                .append(LocalDateTime.ofEpochSecond(record.getInstant().getEpochSecond(), 0, ZoneOffset.UTC)).append('Z')
                .append(' ').append(record.getLevel().getName())
                .append(' ').append(record.getLoggerName())
                .append(": ").append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                out.println();
                record.getThrown().printStackTrace(out);
            }
            line.append(trace.toString().stripTrailing());
        }
        return line.append(System.lineSeparator()).toString();
    }
}
