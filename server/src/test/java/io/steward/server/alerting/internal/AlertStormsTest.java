package io.steward.server.alerting.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertStormsTest {
    private static final Instant T0 = Instant.parse("2026-12-31T23:59:30Z");

    @Test
    void fromTheThresholdWithinAMinuteOnAlertsAreGroupedPerClient() {
        AlertStorms storms = new AlertStorms(3);
        ClientId a = new ClientId(UUID.randomUUID());
        ClientId b = new ClientId(UUID.randomUUID());
        assertThat(storms.raised(a, T0)).isFalse();
        assertThat(storms.raised(a, T0.plusSeconds(10))).isFalse();
        assertThat(storms.raised(b, T0.plusSeconds(10))).as("another client's alerts count apart").isFalse();
        assertThat(storms.raised(a, T0.plusSeconds(20))).isTrue();
        assertThat(storms.raised(a, T0.plusSeconds(59))).isTrue();
        // A minute after the first two, only the last two (and this one) are within the minute: still a storm.
        assertThat(storms.raised(a, T0.plusSeconds(61))).isTrue();
        // Long after: over.
        assertThat(storms.raised(a, T0.plusSeconds(200))).isFalse();
        assertThatThrownBy(() -> new AlertStorms(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClockThatGoesBackForgetsWhatLiesAhead() {
        AlertStorms storms = new AlertStorms(2);
        ClientId a = new ClientId(UUID.randomUUID());
        assertThat(storms.raised(a, T0.plusSeconds(30))).isFalse();
        assertThat(storms.raised(a, T0)).as("the alert ahead of the clock is not counted").isFalse();
        assertThat(storms.raised(a, T0)).isTrue();
    }

    /** Against the plain definition: grouped exactly when this alert and those of the 59 seconds before number at least the threshold. */
    @Property(tries = 300)
    void groupedExactlyWhenTheLastMinuteHoldsTheThreshold(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 20) Integer> gaps,
                                                        @ForAll @IntRange(min = 1, max = 12) int threshold) {
        AlertStorms storms = new AlertStorms(threshold);
        ClientId client = new ClientId(UUID.randomUUID());
        List<Long> seen = new ArrayList<>();
        long second = T0.getEpochSecond();
        for (int gap : gaps) {
            second += gap;
            seen.add(second);
            long now = second;
            long inMinute = seen.stream().filter(s -> s > now - 60).count();
            assertThat(storms.raised(client, Instant.ofEpochSecond(second, 500_000_000))).isEqualTo(inMinute >= threshold);
        }
    }
}
