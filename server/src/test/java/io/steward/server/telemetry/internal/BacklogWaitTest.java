package io.steward.server.telemetry.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogWaitTest {

    @Test
    void aFullQueueIsWaitedOutAtTheWritersPaceSpreadAndBounded() {
        // 500,000 samples waiting, written at 50,000 a second: 10 s, spread up to 15 s.
        assertThat(BacklogWait.seconds(500_000, 50_000, 2, 0)).isEqualTo(10);
        assertThat(BacklogWait.seconds(500_000, 50_000, 2, 0.999)).isEqualTo(15);
        // A short backlog is waited at least the configured floor; an unknown pace too.
        assertThat(BacklogWait.seconds(1_000, 50_000, 2, 0)).isEqualTo(2);
        assertThat(BacklogWait.seconds(500_000, 0, 2, 0)).isEqualTo(2);
        // A slow writer is not waited on for longer than a minute.
        assertThat(BacklogWait.seconds(500_000, 100, 2, 0.5)).isEqualTo(BacklogWait.MAX_SECONDS);
    }

    @Property
    void neverShorterThanTheFloorOrTheBacklogNorLongerThanAMinuteOrHalfAgainAsLong(@ForAll @LongRange(max = 50_000_000) long waiting,
                                                                                  @ForAll @DoubleRange(min = 0, max = 1_000_000) double drain,
                                                                                  @ForAll @IntRange(min = 1, max = 600) int floor,
                                                                                  @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        int told = BacklogWait.seconds(waiting, drain, floor, random);
        double backlog = drain <= 0 ? floor : waiting / drain;
        double atLeast = Math.max(floor, backlog);
        assertThat(told).isBetween(1, BacklogWait.MAX_SECONDS);
        assertThat(told).isGreaterThanOrEqualTo((int) Math.min(BacklogWait.MAX_SECONDS, Math.ceil(atLeast)));
        assertThat((double) told).isLessThanOrEqualTo(Math.ceil(atLeast * 1.5));
    }
}
