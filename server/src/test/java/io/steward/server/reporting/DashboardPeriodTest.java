package io.steward.server.reporting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.steward.server.reporting.dashboard.DashboardPeriod;
import io.steward.server.shared.InvalidInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "Today" and the volume window of a dashboard, in any zone, including the days clocks change. */
class DashboardPeriodTest {

    @Property(tries = 500)
    void todayStartsAtTheLastLocalMidnight(@ForAll @LongRange(min = 1_600_000_000L, max = 2_000_000_000L) long epochSecond,
                                           @ForAll("zones") String zone, @ForAll @IntRange(min = 1, max = 366) int days) {
        Instant now = Instant.ofEpochSecond(epochSecond);
        DashboardPeriod p = DashboardPeriod.of(Clock.fixed(now, ZoneOffset.UTC), zone, String.valueOf(days));
        ZoneId z = ZoneId.of(zone);
        assertThat(p.now()).isEqualTo(now);
        assertThat(p.todayStarts()).isBeforeOrEqualTo(now);
        assertThat(p.todayStarts().atZone(z).toLocalDate()).isEqualTo(now.atZone(z).toLocalDate());
        // Local midnight, or the first instant of the day where a clock change skips midnight.
        assertThat(Duration.between(p.todayStarts(), now)).isLessThan(Duration.ofHours(25));
        assertThat(p.todayStarts().minusSeconds(1).atZone(z).toLocalDate()).isBefore(now.atZone(z).toLocalDate());
        assertThat(p.volumeFrom()).isEqualTo(now.minus(Duration.ofDays(days)));
        assertThat(p.days()).isEqualTo(days);
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("UTC", "Europe/Paris", "America/New_York", "Pacific/Kiritimati", "Pacific/Niue", "Asia/Kolkata",
                "America/Havana", "Australia/Lord_Howe", "America/Santiago");
    }

    @Test
    void defaultsAreUtcAndThirtyDays() {
        Instant now = Instant.parse("2026-03-29T01:30:00Z");
        DashboardPeriod p = DashboardPeriod.of(Clock.fixed(now, ZoneOffset.UTC), null, " ");
        assertThat(p.zone().getId()).isEqualTo("UTC");
        assertThat(p.todayStarts()).isEqualTo(Instant.parse("2026-03-29T00:00:00Z"));
        assertThat(p.days()).isEqualTo(30);
        // Havana skips midnight when summer time starts: the day starts at 01:00 local.
        DashboardPeriod havana = DashboardPeriod.of(Clock.fixed(Instant.parse("2026-03-08T12:00:00Z"), ZoneOffset.UTC), "America/Havana", null);
        assertThat(havana.todayStarts().atZone(ZoneId.of("America/Havana")).toLocalTime()).isEqualTo(LocalTime.of(1, 0));
    }

    @Test
    void badParametersNameTheField() {
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> DashboardPeriod.of(clock, "Mars/Olympus", null)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).fieldErrors()).containsOnlyKeys("zone"));
        for (String days : new String[] {"0", "-3", "367", "thirty", "1.5"}) {
            assertThatThrownBy(() -> DashboardPeriod.of(clock, "UTC", days)).as(days).isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).fieldErrors()).containsOnlyKeys("days"));
        }
    }
}
