package io.steward.server.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The backup rule as a plain class: RPO age, missed schedules, failures in a row, at chosen instants. */
class RpoRuleTest {
    static final Instant NOW = Instant.parse("2026-03-29T01:30:00Z");
    static final RpoRule RULE = new RpoRule(Clock.fixed(NOW, ZoneOffset.UTC));
    static final RpoRule.Objective DAILY = new RpoRule.Objective(24, 3, 2);

    static Instant ago(long hours) {
        return NOW.minus(Duration.ofHours(hours));
    }

    @Test
    void aFreshRestorePointMeetsTheRpoAndAnOldOneBreachesIt() {
        assertThat(RULE.judge(new RpoRule.Job(ago(100), ago(2), ago(2), 24, 0), DAILY).met()).isTrue();
        RpoRule.Verdict old = RULE.judge(new RpoRule.Job(ago(100), ago(2), ago(25), 24, 0), DAILY);
        assertThat(old.breaches()).containsExactly(RpoRule.Breach.RPO);
        assertThat(old.reasons().getFirst()).contains("25 h old", "RPO 24 h");
        // Exactly the RPO old still meets it; a second more does not.
        assertThat(RULE.rpoMet(ago(24), 24)).isTrue();
        assertThat(RULE.rpoMet(ago(24).minusSeconds(1), 24)).isFalse();
    }

    @Test
    void aJobWithoutRestorePointGetsOneRpoToMakeOne() {
        assertThat(RULE.judge(new RpoRule.Job(ago(10), null, null, 0, 0), DAILY).met()).isTrue();
        assertThat(RULE.judge(new RpoRule.Job(ago(30), null, null, 0, 0), DAILY).breaches()).containsExactly(RpoRule.Breach.RPO);
    }

    @Test
    void aMissedScheduleCountsFromTheLastAttemptPlusTheGrace() {
        // Runs every 6 h with 2 h grace: 7 h since the last attempt is fine, 9 h is missed.
        assertThat(RULE.judge(new RpoRule.Job(ago(100), ago(7), ago(7), 6, 0), DAILY).breaches()).doesNotContain(RpoRule.Breach.MISSED);
        assertThat(RULE.judge(new RpoRule.Job(ago(100), ago(9), ago(9), 6, 0), DAILY).breaches()).containsExactly(RpoRule.Breach.MISSED);
        // Never ran: counted from when Steward first saw it; no schedule known: never missed.
        assertThat(RULE.judge(new RpoRule.Job(ago(9), null, ago(1), 6, 0), DAILY).breaches()).containsExactly(RpoRule.Breach.MISSED);
        assertThat(RULE.judge(new RpoRule.Job(ago(900), ago(500), ago(1), 0, 0), DAILY).breaches()).isEmpty();
    }

    @Test
    void failuresInARowAlertAtTheThreshold() {
        assertThat(RULE.judge(new RpoRule.Job(ago(100), ago(1), ago(3), 24, 2), DAILY).met()).isTrue();
        RpoRule.Verdict three = RULE.judge(new RpoRule.Job(ago(100), ago(1), ago(3), 24, 3), DAILY);
        assertThat(three.breaches()).containsExactly(RpoRule.Breach.FAILURES);
        assertThat(three.reasons().getFirst()).contains("last 3 attempts failed");
    }

    @Test
    void anAgentClockAheadGivesNoNegativeAge() {
        assertThat(RULE.ageHours(NOW.plus(Duration.ofHours(3)))).isZero();
        assertThat(RULE.judge(new RpoRule.Job(NOW, NOW.plusSeconds(60), NOW.plusSeconds(60), 1, 0), DAILY).met()).isTrue();
    }

    /** Time only makes an RPO breach older: a job breaching now breaches at every later instant with the same state. */
    @Property
    void rpoBreachesNeverHealWithTime(@ForAll @IntRange(min = 0, max = 2000) int pointAgeHours, @ForAll @IntRange(min = 1, max = 500) int rpo,
                                      @ForAll @IntRange(min = 0, max = 1000) int laterHours) {
        RpoRule.Job job = new RpoRule.Job(ago(3000), ago(pointAgeHours), ago(pointAgeHours), 0, 0);
        RpoRule.Objective o = new RpoRule.Objective(rpo, 50, 0);
        boolean now = RULE.judge(job, o).breaches().contains(RpoRule.Breach.RPO);
        boolean later = new RpoRule(Clock.fixed(NOW.plus(Duration.ofHours(laterHours)), ZoneOffset.UTC)).judge(job, o).breaches()
                .contains(RpoRule.Breach.RPO);
        assertThat(now).isEqualTo(pointAgeHours > rpo);
        if (now) {
            assertThat(later).isTrue();
        }
    }

    /** The FAILURES breach is exactly "failures in a row at or above the threshold", whatever else holds. */
    @Property
    void failuresBreachIsExactlyTheThreshold(@ForAll @IntRange(min = 0, max = 60) int failures, @ForAll @IntRange(min = 1, max = 50) int alertAt,
                                             @ForAll @IntRange(min = 0, max = 100) int pointAgeHours) {
        RpoRule.Verdict v = RULE.judge(new RpoRule.Job(ago(200), ago(pointAgeHours), ago(pointAgeHours), 0, failures),
                new RpoRule.Objective(24, alertAt, 2));
        assertThat(v.breaches().contains(RpoRule.Breach.FAILURES)).isEqualTo(failures >= alertAt);
        assertThat(v.reasons()).hasSameSizeAs(v.breaches());
    }

    /** A restore point younger than the RPO and a recent attempt never breach, for any schedule and grace. */
    @Property
    void aHealthyJobMeetsEveryObjective(@ForAll @IntRange(min = 1, max = 500) int rpo, @ForAll @IntRange(min = 1, max = 168) int schedule,
                                        @ForAll @IntRange(min = 0, max = 168) int grace) {
        int age = Math.min(rpo, schedule) - 1;
        assertThat(RULE.judge(new RpoRule.Job(ago(5000), ago(age), ago(age), schedule, 0), new RpoRule.Objective(rpo, 1, grace)).met()).isTrue();
    }
}
