package io.steward.agent.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header: delay seconds or an HTTP date (RFC 1123). A date in the
 * past means "now"; anything unreadable is ignored so the normal backoff applies. Waits are
 * capped at one hour so a wrong header cannot silence an agent for days.
 */
public final class RetryAfter {
    static final Duration LONGEST = Duration.ofHours(1);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String v = header.trim();
        Duration wait;
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                wait = Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                wait = LONGEST;
            }
        } else {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(LONGEST) > 0 ? LONGEST : wait);
    }
}
