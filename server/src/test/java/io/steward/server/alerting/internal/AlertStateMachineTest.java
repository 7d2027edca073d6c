package io.steward.server.alerting.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.steward.server.alerting.AlertCondition;
import io.steward.server.alerting.internal.AlertStateMachine.FlapRule;
import io.steward.server.alerting.internal.AlertStateMachine.State;
import io.steward.server.alerting.internal.AlertStateMachine.Transition;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "For" duration, hysteresis and flapping damping of one alert. */
class AlertStateMachineTest {
    static final AlertCondition ABOVE_90 = new AlertCondition(true, 90, 80);
    static final FlapRule FLAP = new FlapRule(4, Duration.ofMinutes(30));
    static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    @Test
    void raisesOnlyAfterBreachingForTheWholeDuration() {
        AlertStateMachine m = new AlertStateMachine(false, false);
        Duration forFive = Duration.ofMinutes(5);
        assertThat(m.evaluate(T0, 95, ABOVE_90, forFive, FLAP)).isEqualTo(Transition.NONE);
        assertThat(m.state()).isEqualTo(State.PENDING);
        assertThat(m.evaluate(T0.plusSeconds(240), 96, ABOVE_90, forFive, FLAP)).isEqualTo(Transition.NONE);
        // A dip below the threshold starts the duration over.
        assertThat(m.evaluate(T0.plusSeconds(250), 85, ABOVE_90, forFive, FLAP)).isEqualTo(Transition.NONE);
        assertThat(m.state()).isEqualTo(State.OK);
        assertThat(m.evaluate(T0.plusSeconds(260), 95, ABOVE_90, forFive, FLAP)).isEqualTo(Transition.NONE);
        assertThat(m.evaluate(T0.plusSeconds(559), 95, ABOVE_90, forFive, FLAP)).isEqualTo(Transition.NONE);
        assertThat(m.evaluate(T0.plusSeconds(560), 95, ABOVE_90, forFive, FLAP)).isEqualTo(Transition.RAISE);
        assertThat(m.evaluate(T0.plusSeconds(600), 85, ABOVE_90, forFive, FLAP)).as("between the thresholds").isEqualTo(Transition.NONE);
        assertThat(m.evaluate(T0.plusSeconds(660), 79, ABOVE_90, forFive, FLAP)).isEqualTo(Transition.CLEAR);
    }

    @Test
    void aFlappingAlertStaysOpenUntilItHasBeenQuietForTheWindow() {
        AlertStateMachine m = new AlertStateMachine(false, false);
        List<Transition> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(m.evaluate(T0.plusSeconds(60L * i), i % 2 == 0 ? 95 : 50, ABOVE_90, Duration.ZERO, FLAP));
        }
        assertThat(seen).containsExactly(Transition.RAISE, Transition.CLEAR, Transition.RAISE, Transition.CLEAR, Transition.RAISE,
                Transition.FLAPPING);
        assertThat(m.flapping()).isTrue();
        assertThat(m.state()).isEqualTo(State.FIRING);
        assertThat(m.evaluate(T0.plusSeconds(400), 95, ABOVE_90, Duration.ZERO, FLAP)).isEqualTo(Transition.NONE);
        assertThat(m.evaluate(T0.plusSeconds(460), 50, ABOVE_90, Duration.ZERO, FLAP)).isEqualTo(Transition.NONE);
        assertThat(m.evaluate(T0.plusSeconds(460 + 1799), 50, ABOVE_90, Duration.ZERO, FLAP)).isEqualTo(Transition.NONE);
        assertThat(m.evaluate(T0.plusSeconds(460 + 1800), 50, ABOVE_90, Duration.ZERO, FLAP)).isEqualTo(Transition.CLEAR);
        assertThat(m.flapping()).isFalse();
    }

    @Test
    void anAlertOpenBeforeARestartCanClear() {
        AlertStateMachine m = new AlertStateMachine(true, false);
        assertThat(m.evaluate(T0, 95, ABOVE_90, Duration.ZERO, FLAP)).isEqualTo(Transition.NONE);
        assertThat(m.evaluate(T0, 10, ABOVE_90, Duration.ZERO, FLAP)).isEqualTo(Transition.CLEAR);
    }

    @Property
    void raisesAndClearsAlternateAndFlipsStayBounded(@ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = 0, max = 100) Double> values,
                                                     @ForAll @IntRange(min = 1, max = 300) int stepSeconds,
                                                     @ForAll @IntRange(min = 0, max = 600) int forSeconds,
                                                     @ForAll @IntRange(min = 1, max = 6) int maxFlips) {
        FlapRule rule = new FlapRule(maxFlips, Duration.ofMinutes(10));
        AlertStateMachine m = new AlertStateMachine(false, false);
        boolean open = false;
        List<Instant> flips = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Instant now = T0.plusSeconds((long) i * stepSeconds);
            double v = values.get(i);
            State before = m.state();
            Transition t = m.evaluate(now, v, ABOVE_90, Duration.ofSeconds(forSeconds), rule);
            switch (t) {
                case RAISE -> {
                    assertThat(open).as("no second raise without a clear").isFalse();
                    assertThat(v).isGreaterThan(90);
                    open = true;
                    flips.add(now);
                }
                case CLEAR -> {
                    assertThat(open).isTrue();
                    assertThat(v).as("clears only past the recovery threshold").isLessThan(80);
                    open = false;
                    flips.add(now);
                }
                case FLAPPING -> assertThat(open).isTrue();
                case NONE -> {
                    if (v >= 80 && v <= 90) {
                        assertThat(m.state() == State.FIRING).as("between the thresholds nothing flips").isEqualTo(before == State.FIRING);
                    }
                }
            }
            assertThat(m.state() == State.FIRING).isEqualTo(open);
            long inWindow = flips.stream().filter(f -> f.isAfter(now.minus(rule.window()))).count();
            assertThat(inWindow).as("raises and clears within one flap window").isLessThanOrEqualTo(maxFlips + 1);
        }
    }

    @Property
    void withoutDurationOrDampingTheAlertFollowsTheValue(@ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = 0, max = 100) Double> values) {
        AlertStateMachine m = new AlertStateMachine(false, false);
        FlapRule never = new FlapRule(10_000, Duration.ofMinutes(1));
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            m.evaluate(T0.plusSeconds(i), v, ABOVE_90, Duration.ZERO, never);
            if (v > 90) {
                assertThat(m.state()).isEqualTo(State.FIRING);
            } else if (v < 80) {
                assertThat(m.state()).isEqualTo(State.OK);
            }
        }
    }
}
