package io.steward.agent.patch;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import io.steward.protocol.patch.PatchMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatchScheduleTest {
    static final Instant T0 = Instant.parse("2026-05-12T03:00:00Z");

    @Test
    void withoutAPlanItScansAtStartThenDailyAndNeverRefreshes() {
        PatchSchedule s = new PatchSchedule(true, new SplittableRandom(1));
        s.apply(null);
        assertThat(s.due(T0)).isEqualTo(new PatchSchedule.Due(true, false, T0));
        s.scanned(T0);
        assertThat(s.due(T0.plusSeconds(60))).isEqualTo(new PatchSchedule.Due(false, false, T0.plus(Duration.ofHours(24))));
        assertThat(s.due(T0.plus(Duration.ofHours(24)))).isEqualTo(new PatchSchedule.Due(true, false, T0.plus(Duration.ofHours(24))));
    }

    @Test
    void aPlanSetsTheIntervalAndAnOnDemandRequestNewerThanTheLastScanScansAtOnce() {
        PatchSchedule s = new PatchSchedule(true, new SplittableRandom(1));
        s.apply(new PatchMessages.ScanPlan(6, 0, false, 0));
        s.scanned(T0);
        assertThat(s.due(T0.plus(Duration.ofHours(5))).scan()).isFalse();
        assertThat(s.due(T0.plus(Duration.ofHours(6))).scan()).isTrue();
        // Asked before the last scan: already answered.
        s.apply(new PatchMessages.ScanPlan(6, T0.minusSeconds(1).toEpochMilli(), true, 0));
        assertThat(s.due(T0.plusSeconds(60)).scan()).isFalse();
        // Asked after it: scan now, without refreshing (on demand never refreshes).
        s.apply(new PatchMessages.ScanPlan(6, T0.plusSeconds(30).toEpochMilli(), true, 0));
        assertThat(s.due(T0.plusSeconds(60))).isEqualTo(new PatchSchedule.Due(true, false, T0.plusSeconds(60)));
        s.scanned(T0.plusSeconds(61));
        assertThat(s.due(T0.plusSeconds(62)).scan()).isFalse();
    }

    @Test
    void aScheduledRefreshWaitsItsJitterOnceAndOnlyWhenTheDeviceAllowsIt() {
        PatchSchedule s = new PatchSchedule(true, new SplittableRandom(7));
        s.apply(new PatchMessages.ScanPlan(24, 0, true, 30));
        PatchSchedule.Due first = s.due(T0);
        assertThat(first.scan()).isFalse();
        assertThat(first.wake()).isBetween(T0, T0.plus(Duration.ofMinutes(30)));
        // The same wait when asked again: drawn once per due scan.
        assertThat(s.due(T0.plusSeconds(1)).wake()).isEqualTo(first.wake());
        assertThat(s.due(first.wake())).isEqualTo(new PatchSchedule.Due(true, true, first.wake()));
        s.scanned(first.wake());
        assertThat(s.due(first.wake().plus(Duration.ofHours(1))).scan()).isFalse();

        PatchSchedule denied = new PatchSchedule(false, new SplittableRandom(7));
        denied.apply(new PatchMessages.ScanPlan(24, 0, true, 30));
        assertThat(denied.due(T0)).isEqualTo(new PatchSchedule.Due(true, false, T0));
    }

    @Test
    void nonsenseIntervalsAreClampedToAnHour() {
        PatchSchedule s = new PatchSchedule(true, new SplittableRandom(1));
        s.apply(new PatchMessages.ScanPlan(0, 0, false, -5));
        s.scanned(T0);
        assertThat(s.due(T0.plus(Duration.ofMinutes(59))).scan()).isFalse();
        assertThat(s.due(T0.plus(Duration.ofHours(1))).scan()).isTrue();
    }
}
