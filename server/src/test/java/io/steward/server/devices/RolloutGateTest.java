package io.steward.server.devices;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutGateTest {
    @Test
    void stopsOnlyAboveTheShare() {
        assertThat(RolloutGate.stops(5, 1, 20)).as("20 % is not more than 20 %").isFalse();
        assertThat(RolloutGate.stops(5, 2, 20)).isTrue();
        assertThat(RolloutGate.stops(3, 1, 40)).isFalse();
        assertThat(RolloutGate.stops(3, 2, 40)).isTrue();
        assertThat(RolloutGate.stops(0, 0, 1)).as("a ring that reached nobody").isFalse();
        assertThat(RolloutGate.stops(1, 1, 100)).as("100 %: never").isFalse();
        assertThatThrownBy(() -> RolloutGate.stops(1, 2, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RolloutGate.stops(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void moreFailuresNeverUnstopAndAHigherShareNeverStopsSooner(@ForAll @LongRange(min = 1, max = 100_000) long reached,
                                                                 @ForAll @LongRange(min = 0, max = 100_000) long failedSeed,
                                                                 @ForAll @IntRange(min = 1, max = 99) int percent) {
        long failed = failedSeed % (reached + 1);
        boolean stops = RolloutGate.stops(reached, failed, percent);
        assertThat(stops).isEqualTo(failed * 100.0 / reached > percent);
        if (stops && failed < reached) {
            assertThat(RolloutGate.stops(reached, failed + 1, percent)).isTrue();
        }
        if (!stops) {
            assertThat(RolloutGate.stops(reached, failed, percent + 1)).isFalse();
        }
    }
}
