package io.steward.server.notify.internal.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry schedule at a fixed instant: waits in order, Retry-After in seconds or as an HTTP date, and the end. */
class RetryScheduleTest {
    static final Instant NOW = Instant.parse("2026-12-31T23:59:58Z");
    final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30)));

    @Test
    void waitsInOrderThenStops() {
        assertThat(schedule.next(1, NOW, null)).isEqualTo(NOW.plusSeconds(5));
        assertThat(schedule.next(2, NOW, null)).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(schedule.next(3, NOW, null)).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(schedule.next(4, NOW, null)).isNull();
    }

    @Test
    void retryAfterWaitsLongerNeverShorterAndAtMostADay() {
        assertThat(schedule.next(1, NOW, "120")).isEqualTo(NOW.plusSeconds(120));
        assertThat(schedule.next(2, NOW, "1")).as("the schedule's wait is longer").isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        String httpDate = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(3600).atOffset(ZoneOffset.UTC));
        assertThat(schedule.next(1, NOW, httpDate)).isEqualTo(NOW.plusSeconds(3600));
        assertThat(schedule.next(1, NOW, "999999")).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(schedule.next(1, NOW, "soon")).as("unreadable: the schedule decides").isEqualTo(NOW.plusSeconds(5));
        assertThat(schedule.next(3, NOW, "60")).as("Retry-After never adds attempts").isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(schedule.next(4, NOW, "60")).isNull();
    }
}
