package io.steward.server.patching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry decision for a failed install: backoff, the policy's count, offers for people, and nothing twice. */
class InstallRetryRuleTest {
    private static final Instant FAILED = Instant.parse("2026-03-29T00:30:00Z");

    private static InstallRetryRule at(Instant now) {
        return new InstallRetryRule(Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void theBackoffIsOneHourThenFourThenSixteenThenADay() {
        assertThat(InstallRetryRule.backoff(1)).isEqualTo(Duration.ofHours(1));
        assertThat(InstallRetryRule.backoff(2)).isEqualTo(Duration.ofHours(4));
        assertThat(InstallRetryRule.backoff(3)).isEqualTo(Duration.ofHours(16));
        assertThat(InstallRetryRule.backoff(4)).isEqualTo(Duration.ofHours(24));
        assertThat(InstallRetryRule.backoff(5)).isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> InstallRetryRule.backoff(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFirstFailureWaitsAnHourThenRetriesAndTheFailureAfterTheLastRetryGivesUp() {
        InstallRetryRule soon = at(FAILED.plus(Duration.ofMinutes(59)));
        assertThat(soon.decide(1, FAILED, false, 2, true)).isEqualTo(new InstallRetryRule.Decision(InstallRetryRule.Kind.WAIT,
                FAILED.plus(Duration.ofHours(1))));
        InstallRetryRule later = at(FAILED.plus(Duration.ofHours(1)));
        assertThat(later.decide(1, FAILED, false, 2, true).kind()).isEqualTo(InstallRetryRule.Kind.RETRY_NOW);
        assertThat(later.decide(2, FAILED.minus(Duration.ofHours(2)), false, 2, true).kind()).as("the second retry waits 4 h")
                .isEqualTo(InstallRetryRule.Kind.WAIT);
        assertThat(later.decide(3, FAILED, false, 2, true).kind()).isEqualTo(InstallRetryRule.Kind.GIVE_UP);
        assertThat(later.decide(3, FAILED, true, 2, true).kind()).as("given up already").isEqualTo(InstallRetryRule.Kind.NOTHING);
    }

    @Test
    void withNoRetriesTheFirstFailureGivesUpAndPeoplesRetriesAreOfferedAtOnce() {
        assertThat(at(FAILED).decide(1, FAILED, false, 0, true).kind()).isEqualTo(InstallRetryRule.Kind.GIVE_UP);
        assertThat(at(FAILED).decide(1, FAILED, false, 1, false).kind()).isEqualTo(InstallRetryRule.Kind.RETRY_NOW);
        assertThat(at(FAILED).decide(2, FAILED, false, 1, false).kind()).isEqualTo(InstallRetryRule.Kind.GIVE_UP);
        assertThatThrownBy(() -> at(FAILED).decide(0, FAILED, false, 1, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 500)
    void neverMoreRetriesThanThePolicyAllowsAndNeverBeforeTheBackoff(@ForAll @IntRange(min = 1, max = 8) int failures,
                                                                     @ForAll @IntRange(min = 0, max = 5) int retries,
                                                                     @ForAll @LongRange(min = 0, max = 200_000) long secondsSince,
                                                                     @ForAll boolean automatic, @ForAll boolean handled) {
        Instant now = FAILED.plusSeconds(secondsSince);
        InstallRetryRule.Decision d = at(now).decide(failures, FAILED, handled, retries, automatic);
        if (handled) {
            assertThat(d.kind()).isEqualTo(InstallRetryRule.Kind.NOTHING);
            return;
        }
        // Retry k follows failure k: at most `retries` of them, the failure after the last one gives up.
        assertThat(d.kind() == InstallRetryRule.Kind.GIVE_UP).isEqualTo(failures > retries);
        if (d.kind() == InstallRetryRule.Kind.RETRY_NOW && automatic) {
            assertThat(now).isAfterOrEqualTo(FAILED.plus(InstallRetryRule.backoff(failures)));
        }
        if (d.kind() == InstallRetryRule.Kind.WAIT) {
            assertThat(automatic).isTrue();
            assertThat(d.at()).isAfter(now).isEqualTo(FAILED.plus(InstallRetryRule.backoff(failures)));
        }
    }

    @Property(tries = 200)
    void theBackoffGrowsAndStaysWithinADay(@ForAll @IntRange(min = 1, max = 50) int retry) {
        Duration d = InstallRetryRule.backoff(retry);
        assertThat(d).isBetween(Duration.ofHours(1), InstallRetryRule.MAX_BACKOFF);
        assertThat(InstallRetryRule.backoff(retry + 1)).isGreaterThanOrEqualTo(d);
    }

    @Property(tries = 200)
    void allRetriesOfAPolicyFitInFourDays(@ForAll @IntRange(min = 0, max = 5) int retries) {
        Duration total = Duration.ZERO;
        for (int k = 1; k <= retries; k++) {
            total = total.plus(InstallRetryRule.backoff(k));
        }
        assertThat(total).isLessThanOrEqualTo(Duration.ofDays(4));
    }
}
