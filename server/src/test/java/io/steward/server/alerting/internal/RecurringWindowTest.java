package io.steward.server.alerting.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Weekly windows in the client's zone, across midnight and DST. */
class RecurringWindowTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void saturdayNightAcrossMidnightInTheClientsZone() {
        RecurringWindow w = new RecurringWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.of(22, 0), Duration.ofHours(4), BERLIN);
        // 2026-11-28 is a Saturday; Berlin is UTC+1 in winter.
        assertThat(w.covers(Instant.parse("2026-11-28T20:59:59Z"))).isFalse();
        assertThat(w.covers(Instant.parse("2026-11-28T21:00:00Z"))).isTrue();
        assertThat(w.covers(Instant.parse("2026-11-29T00:59:59Z"))).isTrue();
        assertThat(w.covers(Instant.parse("2026-11-29T01:00:00Z"))).isFalse();
        assertThat(w.covers(Instant.parse("2026-11-27T21:30:00Z"))).as("Friday").isFalse();
        // Summer: UTC+2.
        assertThat(w.covers(Instant.parse("2026-07-04T20:30:00Z"))).isTrue();
        assertThatThrownBy(() -> new RecurringWindow(Set.of(), LocalTime.NOON, Duration.ofHours(1), BERLIN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void repeatsEveryWeekAndCoversItsStart(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long epochSecond,
                                           @ForAll @IntRange(min = 0, max = 6) int day, @ForAll @IntRange(min = 0, max = 1439) int minuteOfDay,
                                           @ForAll @IntRange(min = 1, max = 10080) int minutes) {
        ZoneId utc = ZoneId.of("UTC");
        RecurringWindow w = new RecurringWindow(Set.of(DayOfWeek.of(day + 1)), LocalTime.ofSecondOfDay(minuteOfDay * 60L), Duration.ofMinutes(minutes),
                utc);
        Instant t = Instant.ofEpochSecond(epochSecond);
        assertThat(w.covers(t.plus(Duration.ofDays(7)))).isEqualTo(w.covers(t));
        java.time.LocalDate d = t.atZone(utc).toLocalDate().with(java.time.temporal.TemporalAdjusters.nextOrSame(DayOfWeek.of(day + 1)));
        Instant start = d.atTime(LocalTime.ofSecondOfDay(minuteOfDay * 60L)).atZone(utc).toInstant();
        assertThat(w.covers(start)).isTrue();
        assertThat(w.covers(start.plus(Duration.ofMinutes(minutes)).minusSeconds(1))).isTrue();
        if (minutes < 10080) {
            assertThat(w.covers(start.plus(Duration.ofMinutes(minutes)))).isFalse();
        }
    }
}
