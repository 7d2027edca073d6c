package io.steward.agent;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineTest {

    @Test
    void oneLineWithUtcTimeLevelLoggerAndMessageThenTheStackTrace() {
        LogRecord plain = new LogRecord(Level.WARNING, "heartbeat failed: 503");
        plain.setLoggerName("io.steward.agent.RunCommand");
        plain.setInstant(Instant.parse("2026-11-23T19:40:07.891Z"));
        assertThat(new LogLine().format(plain))
                .isEqualTo("2026-11-23T19:40:07Z WARNING io.steward.agent.RunCommand: heartbeat failed: 503" + System.lineSeparator());

        LogRecord failed = new LogRecord(Level.SEVERE, "cannot spool");
        failed.setLoggerName("spool");
        failed.setInstant(Instant.parse("2026-01-02T03:04:05Z"));
        failed.setThrown(new IllegalStateException("disk full"));
        String text = new LogLine().format(failed);
        assertThat(text).startsWith("2026-01-02T03:04:05Z SEVERE spool: cannot spool" + System.lineSeparator()
                + "java.lang.IllegalStateException: disk full" + System.lineSeparator() + "\tat ");
        assertThat(text).endsWith(System.lineSeparator()).doesNotEndWith(System.lineSeparator() + System.lineSeparator());
    }
}
