package io.steward.bench.protection;

import java.util.HashSet;
import java.util.Set;

import io.steward.protocol.security.SecurityCheckMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The bench's check rounds are what the server admits (every check once, a known status, evidence within 2,000
 * characters) and have the churn BENCHMARKS.md describes: the failing share stays near {@code failing} round after round
 * while about {@code flip} of the checks change per round, half opening an episode and half closing one; the same seed
 * gives the same rounds.
 */
class CheckFleetTest {
    private static final int DEVICES = 4000;

    @Test
    void roundsAreAdmissibleWithSteadyChurn() {
        CheckFleet fleet = new CheckFleet(7, 0.10, 0.03);
        fleet.grow(DEVICES);
        for (int d = 0; d < DEVICES; d++) {
            SecurityCheckMessages.Results r = fleet.round(d, 1, 1_000_000L);
            Set<String> checks = new HashSet<>();
            for (SecurityCheckMessages.Result x : r.results()) {
                assertThat(checks.add(x.check())).isTrue();
                assertThat(SecurityCheckMessages.STATUSES).contains(x.status());
                assertThat(x.evidence()).isNotBlank().hasSizeLessThanOrEqualTo(2000);
            }
            assertThat(checks).containsExactlyInAnyOrderElementsOf(SecurityCheckMessages.CHECKS);
        }
        assertThat(fleet.failingShare()).isCloseTo(0.10, within(0.01));
        double known = DEVICES * CheckFleet.COUNT * 0.98;
        for (int round = 2; round <= 6; round++) {
            fleet.resetCounts();
            for (int d = 0; d < DEVICES; d++) {
                fleet.round(d, round, 1_000_000L + round);
            }
            assertThat((fleet.opened.get() + fleet.closed.get()) / known).as("changed in round " + round).isCloseTo(0.03, within(0.004));
            assertThat((double) fleet.opened.get()).as("opened vs closed").isCloseTo(fleet.closed.get(), within(0.25 * fleet.closed.get()));
            assertThat(fleet.failingShare()).isCloseTo(0.10, within(0.01));
        }
    }

    @Test
    void sameSeedSameRounds() {
        CheckFleet a = new CheckFleet(3, 0.10, 0.03);
        CheckFleet b = new CheckFleet(3, 0.10, 0.03);
        a.grow(50);
        b.grow(50);
        for (int round = 1; round <= 3; round++) {
            for (int d = 0; d < 50; d++) {
                assertThat(a.round(d, round, 5L)).isEqualTo(b.round(d, round, 5L));
            }
        }
    }
}
