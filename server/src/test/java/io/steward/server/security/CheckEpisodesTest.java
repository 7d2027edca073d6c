package io.steward.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.steward.protocol.security.SecurityCheckMessages;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static io.steward.protocol.security.SecurityCheckMessages.FAIL;
import static io.steward.protocol.security.SecurityCheckMessages.PASS;
import static io.steward.protocol.security.SecurityCheckMessages.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

/** The episode rule: when a failure began, was detected and fixed; unknown changes nothing; time never runs backwards. */
class CheckEpisodesTest {
    /** A Sunday at the end of March, on the night the clocks change in Europe: nothing here may depend on the zone. */
    private static final Instant T0 = Instant.parse("2026-03-29T00:30:00Z");

    /** A clock the test moves: the server's receipt times. */
    static final class TestClock extends Clock {
        Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void failThenPassGivesExactBeganDetectedAndFixedTimes() {
        TestClock clock = new TestClock(T0);
        CheckEpisodes rule = new CheckEpisodes(clock);
        CheckEpisodes.Step pass = rule.apply(null, PASS, T0, null);
        assertThat(pass.change()).isEqualTo(CheckEpisodes.Change.NONE);
        assertThat(pass.next().lastPassAt()).isEqualTo(T0);

        Instant failAt = T0.plus(Duration.ofHours(1));
        clock.now = failAt.plusSeconds(5);
        CheckEpisodes.Step fail = rule.apply(pass.next(), FAIL, failAt, null);
        assertThat(fail.change()).isEqualTo(CheckEpisodes.Change.OPENED);
        assertThat(fail.next().open().beganAt()).as("the last passing evaluation").isEqualTo(T0);
        assertThat(fail.next().open().beganFrom()).isEqualTo(CheckEpisodes.BeganFrom.LAST_PASS);
        assertThat(fail.next().open().detectedAt()).as("the server's receipt").isEqualTo(failAt.plusSeconds(5));

        clock.now = failAt.plus(Duration.ofHours(1)).plusSeconds(3);
        CheckEpisodes.Step still = rule.apply(fail.next(), FAIL, failAt.plus(Duration.ofHours(1)), null);
        assertThat(still.change()).isEqualTo(CheckEpisodes.Change.STILL_FAILING);
        assertThat(still.next().open()).isEqualTo(fail.next().open());

        Instant passAt = failAt.plus(Duration.ofHours(2));
        clock.now = passAt.plusSeconds(4);
        CheckEpisodes.Step fixed = rule.apply(still.next(), PASS, passAt, null);
        assertThat(fixed.change()).isEqualTo(CheckEpisodes.Change.CLOSED);
        assertThat(fixed.fixedAt()).as("the passing evaluation").isEqualTo(passAt);
        assertThat(fixed.next().open()).isNull();
        assertThat(fixed.next().lastPassAt()).isEqualTo(passAt);
    }

    @Test
    void theEvidencesTimeCountsButNeverBeforeTheLastPassNorAfterTheFailingEvaluation() {
        TestClock clock = new TestClock(T0);
        CheckEpisodes rule = new CheckEpisodes(clock);
        CheckEpisodes.State passed = rule.apply(null, PASS, T0, null).next();
        Instant failAt = T0.plus(Duration.ofHours(1));
        clock.now = failAt;
        assertThat(rule.apply(passed, FAIL, failAt, T0.plus(Duration.ofMinutes(20))).next().open())
                .isEqualTo(new CheckEpisodes.Open(T0.plus(Duration.ofMinutes(20)), CheckEpisodes.BeganFrom.EVIDENCE, failAt));
        assertThat(rule.apply(passed, FAIL, failAt, T0.minus(Duration.ofDays(2))).next().open().beganAt())
                .as("the check passed at T0, so the failure began later").isEqualTo(T0);
        assertThat(rule.apply(passed, FAIL, failAt, failAt.plus(Duration.ofHours(3))).next().open().beganAt())
                .as("an agent clock ahead cannot date the start after the failing evaluation").isEqualTo(failAt);
        // Never passed: the evidence, or else the first failing evaluation.
        assertThat(rule.apply(null, FAIL, failAt, null).next().open())
                .isEqualTo(new CheckEpisodes.Open(failAt, CheckEpisodes.BeganFrom.FIRST_FAIL, failAt));
    }

    @Test
    void unknownNeitherOpensNorClosesAndIsNoPass() {
        TestClock clock = new TestClock(T0);
        CheckEpisodes rule = new CheckEpisodes(clock);
        CheckEpisodes.State passed = rule.apply(null, PASS, T0, null).next();
        CheckEpisodes.Step unknown = rule.apply(passed, UNKNOWN, T0.plusSeconds(60), null);
        assertThat(unknown.change()).isEqualTo(CheckEpisodes.Change.NONE);
        assertThat(unknown.next().lastPassAt()).as("unknown is no pass").isEqualTo(T0);
        clock.now = T0.plusSeconds(130);
        CheckEpisodes.State failing = rule.apply(unknown.next(), FAIL, T0.plusSeconds(120), null).next();
        assertThat(failing.open().beganAt()).as("still dated back to the last pass").isEqualTo(T0);
        CheckEpisodes.Step unknownAgain = rule.apply(failing, UNKNOWN, T0.plusSeconds(180), null);
        assertThat(unknownAgain.change()).isEqualTo(CheckEpisodes.Change.NONE);
        assertThat(unknownAgain.next().open()).as("unknown does not close").isEqualTo(failing.open());
    }

    @Test
    void aResultNotNewerThanTheStoredOneIsStale() {
        CheckEpisodes rule = new CheckEpisodes(Clock.fixed(T0, ZoneOffset.UTC));
        CheckEpisodes.State failing = rule.apply(null, FAIL, T0, null).next();
        CheckEpisodes.Step late = rule.apply(failing, PASS, T0.minusSeconds(1), null);
        assertThat(late.change()).isEqualTo(CheckEpisodes.Change.STALE);
        assertThat(late.next()).isSameAs(failing);
        assertThat(rule.apply(failing, PASS, T0, null).change()).isEqualTo(CheckEpisodes.Change.STALE);
    }

    @Test
    void aFixSeenBeforeItsDetectionByASkewedAgentClockIsNeverBeforeTheDetection() {
        TestClock clock = new TestClock(T0.plus(Duration.ofHours(2)));
        CheckEpisodes rule = new CheckEpisodes(clock);
        // The agent's clock is two hours behind the server's.
        CheckEpisodes.State failing = rule.apply(null, FAIL, T0, null).next();
        clock.now = T0.plus(Duration.ofHours(3));
        CheckEpisodes.Step fixed = rule.apply(failing, PASS, T0.plus(Duration.ofMinutes(30)), null);
        assertThat(fixed.fixedAt()).isEqualTo(failing.open().detectedAt());
    }

    record Input(String status, long stepMillis, Long observedBackMillis, long receiptDelayMillis) {
    }

    @Provide
    Arbitrary<List<Input>> rounds() {
        Arbitrary<Input> one = Combinators.combine(Arbitraries.of(PASS, FAIL, UNKNOWN), Arbitraries.longs().between(-600_000, 7_200_000),
                Arbitraries.longs().between(-3_600_000, 86_400_000).injectNull(0.5), Arbitraries.longs().between(-7_200_000, 7_200_000))
                .as(Input::new);
        return one.list().ofMinSize(1).ofMaxSize(40);
    }

    /** Any sequence (late deliveries, skewed agent clocks, odd evidence times): began <= detected <= fixed, at most one open episode. */
    @Property(tries = 500)
    void timeNeverRunsBackwardsAndEpisodesFollowTheFailures(@ForAll("rounds") List<Input> inputs) {
        TestClock clock = new TestClock(T0);
        CheckEpisodes rule = new CheckEpisodes(clock);
        CheckEpisodes.State state = null;
        Instant agent = T0;
        Instant server = T0;
        List<Instant[]> closed = new ArrayList<>();
        for (Input in : inputs) {
            agent = agent.plusMillis(in.stepMillis());
            // The server's clock only goes forward.
            server = server.plusMillis(Math.max(0, in.receiptDelayMillis()) + 1);
            clock.now = server;
            Instant observed = in.observedBackMillis() == null ? null : agent.minusMillis(in.observedBackMillis());
            CheckEpisodes.State before = state;
            CheckEpisodes.Step step = rule.apply(state, in.status(), agent, observed);
            state = step.next();
            if (before != null && !agent.isAfter(before.evaluatedAt())) {
                assertThat(step.change()).isEqualTo(CheckEpisodes.Change.STALE);
                assertThat(state).isSameAs(before);
                continue;
            }
            assertThat(state.status()).isEqualTo(in.status());
            switch (in.status()) {
                case SecurityCheckMessages.UNKNOWN -> {
                    assertThat(step.change()).isEqualTo(CheckEpisodes.Change.NONE);
                    assertThat(state.open()).isEqualTo(before == null ? null : before.open());
                    assertThat(state.lastPassAt()).isEqualTo(before == null ? null : before.lastPassAt());
                }
                case SecurityCheckMessages.FAIL -> {
                    assertThat(state.open()).isNotNull();
                    assertThat(state.open().beganAt()).isBeforeOrEqualTo(state.open().detectedAt()).isBeforeOrEqualTo(agent.isBefore(server) ? server : agent);
                    assertThat(state.open().beganAt()).isBeforeOrEqualTo(agent);
                    if (before != null && before.open() != null) {
                        assertThat(state.open()).isEqualTo(before.open());
                    } else {
                        assertThat(state.open().detectedAt()).isEqualTo(server);
                        if (before != null && before.lastPassAt() != null) {
                            // Not before the last pass, unless a skewed clock puts the pass after this evaluation or its receipt.
                            Instant bound = before.lastPassAt();
                            bound = bound.isAfter(agent) ? agent : bound;
                            bound = bound.isAfter(server) ? server : bound;
                            assertThat(state.open().beganAt()).isAfterOrEqualTo(bound);
                        }
                    }
                }
                default -> {
                    assertThat(state.open()).isNull();
                    assertThat(state.lastPassAt()).isEqualTo(agent);
                    if (before != null && before.open() != null) {
                        assertThat(step.change()).isEqualTo(CheckEpisodes.Change.CLOSED);
                        assertThat(step.fixedAt()).isAfterOrEqualTo(before.open().detectedAt()).isBeforeOrEqualTo(server);
                        closed.add(new Instant[] {before.open().beganAt(), before.open().detectedAt(), step.fixedAt()});
                    } else {
                        assertThat(step.change()).isEqualTo(CheckEpisodes.Change.NONE);
                    }
                }
            }
        }
        for (Instant[] e : closed) {
            assertThat(e[0]).isBeforeOrEqualTo(e[1]);
            assertThat(e[1]).isBeforeOrEqualTo(e[2]);
        }
    }

    /** Unknown rounds interleaved anywhere change no episode: the history equals that of the sequence without them. */
    @Property(tries = 300)
    void unknownRoundsChangeNothing(@ForAll("rounds") List<Input> inputs) {
        List<Input> forward = inputs.stream().map(i -> new Input(i.status(), Math.abs(i.stepMillis()) + 1, i.observedBackMillis(), 0)).toList();
        assertThat(episodes(forward, true)).isEqualTo(episodes(forward, false));
    }

    private static List<List<Instant>> episodes(List<Input> inputs, boolean withUnknown) {
        TestClock clock = new TestClock(T0);
        CheckEpisodes rule = new CheckEpisodes(clock);
        CheckEpisodes.State state = null;
        Instant agent = T0;
        List<List<Instant>> out = new ArrayList<>();
        for (Input in : inputs) {
            agent = agent.plusMillis(in.stepMillis());
            clock.now = agent;
            if (!withUnknown && UNKNOWN.equals(in.status())) {
                continue;
            }
            Instant observed = in.observedBackMillis() == null ? null : agent.minusMillis(Math.abs(in.observedBackMillis()));
            CheckEpisodes.Step step = rule.apply(state, in.status(), agent, observed);
            if (step.change() == CheckEpisodes.Change.OPENED) {
                out.add(new ArrayList<>(List.of(step.next().open().beganAt(), step.next().open().detectedAt())));
            } else if (step.change() == CheckEpisodes.Change.CLOSED) {
                out.getLast().add(step.fixedAt());
            }
            state = step.next();
        }
        return out;
    }
}
