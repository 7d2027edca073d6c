package io.steward.server.notify.internal.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * When a failed delivery is tried again: after the wait the schedule gives for the attempts made so far, or later when
 * the receiver asked so with {@code Retry-After} (seconds or an HTTP date; at most a day); never once the schedule is
 * used up (the delivery is dead).
 */
public record RetrySchedule(List<Duration> waits) {
    static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(24);

    public RetrySchedule {
        waits = List.copyOf(waits);
    }

    /** The next attempt after the {@code attemptsMade}-th failed at {@code now}; null when there is none. */
    public Instant next(int attemptsMade, Instant now, String retryAfter) {
        if (attemptsMade > waits.size()) {
            return null;
        }
        Duration wait = waits.get(attemptsMade - 1);
        Duration asked = retryAfter(retryAfter, now);
        if (asked != null && asked.compareTo(wait) > 0) {
            wait = asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked;
        }
        return now.plus(wait);
    }

    /** The wait a {@code Retry-After} value asks for, or null when there is none or it cannot be read. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
