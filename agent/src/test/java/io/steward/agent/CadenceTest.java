package io.steward.agent;

import java.time.Duration;
import java.util.List;

import io.steward.agent.collect.MonitoringPlan;
import io.steward.protocol.Messages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's intervals and monitoring settings, as the agent takes them from a heartbeat answer. */
class CadenceTest {
    final Cadence start = new Cadence(Duration.ofSeconds(30), Duration.ofSeconds(60));

    private static Messages.HeartbeatResponse answer(int heartbeat, Messages.MonitoringConfig monitoring) {
        return new Messages.HeartbeatResponse("APPROVED", heartbeat, 0, monitoring);
    }

    private static Messages.MonitoringConfig config(int metrics, int heartbeat) {
        return new Messages.MonitoringConfig(metrics, heartbeat, List.of(), List.of(), List.of());
    }

    @Test
    void followsTheServer() {
        assertThat(start.after(answer(15, config(20, 15)), null)).isEqualTo(new Cadence(Duration.ofSeconds(15), Duration.ofSeconds(20)));
    }

    @Test
    void anOldServerWithoutMonitoringSettingsChangesOnlyTheHeartbeat() {
        assertThat(start.after(new Messages.HeartbeatResponse("APPROVED", 45, 0), null))
                .isEqualTo(new Cadence(Duration.ofSeconds(45), Duration.ofSeconds(60)));
        assertThat(start.after(answer(0, null), null)).isEqualTo(start);
    }

    @Test
    void aMetricsIntervalFromTheCommandLineWins() {
        assertThat(start.after(answer(30, config(20, 30)), 7).metrics()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void absurdServerValuesAreBounded() {
        Cadence c = start.after(answer(1, config(1, 1)), null);
        assertThat(c).isEqualTo(new Cadence(Cadence.MIN, Cadence.MIN));
        assertThat(start.after(answer(Integer.MAX_VALUE, config(Integer.MAX_VALUE, 0)), null)).isEqualTo(new Cadence(Cadence.MAX, Cadence.MAX));
    }

    @Test
    void thePlanTakesTheListsAndIgnoresAnAnswerWithoutThem() {
        MonitoringPlan plan = new MonitoringPlan();
        assertThat(plan.pingHosts()).isEmpty();
        plan.apply(new Messages.MonitoringConfig(60, 30, List.of("gw.example"), List.of(new Messages.HttpCheck("https://a.example/", 200)), null));
        plan.apply(null);
        assertThat(plan.pingHosts()).containsExactly("gw.example");
        assertThat(plan.httpChecks()).containsExactly(new Messages.HttpCheck("https://a.example/", 200));
        assertThat(plan.services()).isEmpty();
    }
}
