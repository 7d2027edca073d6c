package io.steward.server.patching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ring gate as a plain class: the rest follows the pilot after the wait, unless too many pilot installs failed. */
class RingGateTest {
    static final Instant FINISHED = Instant.parse("2026-03-10T21:00:00Z");

    static RingGate at(Instant now) {
        return new RingGate(Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void theRestWaitsForThePilotAndThenForTheWait() {
        assertThat(at(FINISHED).next(5, 0, null, 2, 20, false).kind()).as("pilot still running").isEqualTo(RingGate.Kind.WAIT);
        assertThat(at(FINISHED).next(5, 0, null, 2, 20, false).notBefore()).isNull();
        RingGate.Decision waiting = at(FINISHED.plus(Duration.ofDays(2)).minusSeconds(1)).next(5, 0, FINISHED, 2, 20, false);
        assertThat(waiting.kind()).isEqualTo(RingGate.Kind.WAIT);
        assertThat(waiting.notBefore()).isEqualTo(Instant.parse("2026-03-12T21:00:00Z"));
        assertThat(at(FINISHED.plus(Duration.ofDays(2))).next(5, 0, FINISHED, 2, 20, false).kind()).as("exactly at the end of the wait")
                .isEqualTo(RingGate.Kind.GO);
        assertThat(at(FINISHED).next(5, 0, FINISHED, 0, 20, false).kind()).as("no wait").isEqualTo(RingGate.Kind.GO);
    }

    @Test
    void theCycleStopsOnlyAboveTheThreshold() {
        Instant later = FINISHED.plus(Duration.ofDays(30));
        assertThat(at(later).next(5, 1, FINISHED, 2, 20, false).kind()).as("1 of 5 is exactly 20 %").isEqualTo(RingGate.Kind.GO);
        RingGate.Decision stop = at(later).next(5, 2, FINISHED, 2, 20, false);
        assertThat(stop.kind()).isEqualTo(RingGate.Kind.STOP);
        assertThat(stop.reason()).contains("2 of 5", "20 %");
        assertThat(at(FINISHED).next(5, 2, FINISHED, 2, 20, false).kind()).as("stops at once, not after the wait").isEqualTo(RingGate.Kind.STOP);
        assertThat(at(later).next(5, 5, FINISHED, 2, 20, true).kind()).as("a person resumed past it").isEqualTo(RingGate.Kind.GO);
        assertThat(at(later).next(0, 0, FINISHED, 2, 1, false).kind()).as("an empty pilot failed nothing").isEqualTo(RingGate.Kind.GO);
        assertThat(at(later).next(3, 3, FINISHED, 2, 100, false).kind()).as("100 % never stops").isEqualTo(RingGate.Kind.GO);
        assertThatThrownBy(() -> RingGate.tooManyFailed(2, 3, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> at(later).next(2, 1, FINISHED, -1, 20, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRingCountsItsDevicesAndFailures() {
        DeviceId a = new DeviceId(java.util.UUID.randomUUID());
        DeviceId b = new DeviceId(java.util.UUID.randomUUID());
        PatchCycleRun.Ring r = PatchCycleRun.Ring.pending(0, "PILOT").with("DONE", List.of(a, b), null, List.of(), List.of(a), null, null, FINISHED,
                FINISHED, List.of(b));
        assertThat(r.deviceCount()).isEqualTo(2);
        assertThat(r.failedCount()).isEqualTo(1);
        assertThat(r.done()).isTrue();
        PatchCycleRun c = new PatchCycleRun(java.util.UUID.randomUUID(), new ClientId(java.util.UUID.randomUUID()), java.time.LocalDate.of(2026, 3, 10),
                "RUNNING", null, null, 2, 20, null, null, false, FINISHED, FINISHED, null, null, List.of(r));
        assertThat(c.running()).isTrue();
    }

    @Property
    void stopsExactlyWhenTheFailedShareIsAboveTheThreshold(@ForAll @IntRange(min = 0, max = 500) int devices, @ForAll @IntRange(min = 0, max = 500) int failedRaw,
                                                          @ForAll @IntRange(min = 1, max = 100) int percent, @ForAll @IntRange(min = 0, max = 30) int waitDays,
                                                          @ForAll @LongRange(min = 0, max = 40L * 86_400) long sinceFinished) {
        int failed = devices == 0 ? 0 : failedRaw % (devices + 1);
        RingGate.Decision d = at(FINISHED.plusSeconds(sinceFinished)).next(devices, failed, FINISHED, waitDays, percent, false);
        boolean above = devices > 0 && (double) failed / devices > percent / 100.0 + 1e-12;
        assertThat(d.kind() == RingGate.Kind.STOP).isEqualTo(above);
        if (!above) {
            boolean waited = sinceFinished >= waitDays * 86_400L;
            assertThat(d.kind()).isEqualTo(waited ? RingGate.Kind.GO : RingGate.Kind.WAIT);
            assertThat(d.notBefore()).isEqualTo(FINISHED.plus(Duration.ofDays(waitDays)));
        }
    }

    @Property
    void aPersonsResumeAlwaysLetsTheRestFollowAfterTheWait(@ForAll @IntRange(min = 1, max = 500) int devices, @ForAll @IntRange(min = 1, max = 100) int percent,
                                                           @ForAll @IntRange(min = 0, max = 30) int waitDays) {
        RingGate.Decision d = at(FINISHED.plus(Duration.ofDays(waitDays))).next(devices, devices, FINISHED, waitDays, percent, true);
        assertThat(d.kind()).isEqualTo(RingGate.Kind.GO);
    }
}
