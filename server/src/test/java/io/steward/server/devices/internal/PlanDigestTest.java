package io.steward.server.devices.internal;

import java.util.List;

import io.steward.protocol.Messages;
import io.steward.protocol.patch.PatchMessages;
import io.steward.protocol.security.SecurityCheckMessages;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanDigestTest {
    private static Messages.HeartbeatResponse answer(long time, int metricsSeconds, List<String> hosts, int scanHours, List<String> ports) {
        return new Messages.HeartbeatResponse("APPROVED", 30, time, new Messages.MonitoringConfig(metricsSeconds, 30, hosts,
                List.of(new Messages.HttpCheck("https://intranet.example/health", 200)), List.of("nginx.service")),
                new PatchMessages.ScanPlan(scanHours, 0, true, 30), new SecurityCheckMessages.Plan(60, 60, 10, ports, List.of(), 72, 30));
    }

    @Test
    void theTimeIsNotPartOfThePlan() {
        assertThat(PlanDigest.of(answer(1, 60, List.of("10.0.0.1"), 24, List.of("22/tcp"))))
                .isEqualTo(PlanDigest.of(answer(1_765_000_000, 60, List.of("10.0.0.1"), 24, List.of("22/tcp"))));
    }

    @Test
    void everyPartOfThePlanCounts() {
        long base = PlanDigest.of(answer(0, 60, List.of("10.0.0.1"), 24, List.of("22/tcp")));
        assertThat(PlanDigest.of(answer(0, 61, List.of("10.0.0.1"), 24, List.of("22/tcp")))).isNotEqualTo(base);
        assertThat(PlanDigest.of(answer(0, 60, List.of("10.0.0.2"), 24, List.of("22/tcp")))).isNotEqualTo(base);
        assertThat(PlanDigest.of(answer(0, 60, List.of("10.0.0.1"), 12, List.of("22/tcp")))).isNotEqualTo(base);
        assertThat(PlanDigest.of(answer(0, 60, List.of("10.0.0.1"), 24, List.of("22/tcp", "443/tcp")))).isNotEqualTo(base);
        assertThat(PlanDigest.of(new Messages.HeartbeatResponse("APPROVED", 30, 0))).isNotEqualTo(base);
    }

    @Property(tries = 200)
    void equalPlansHaveEqualDigestsAndDifferentOnesDifferent(@ForAll @IntRange(min = 10, max = 3600) int a, @ForAll @IntRange(min = 10, max = 3600) int b) {
        long da = PlanDigest.of(answer(a, a, List.of(), 24, List.of()));
        long db = PlanDigest.of(answer(b, b, List.of(), 24, List.of()));
        assertThat(da == db).isEqualTo(a == b);
    }
}
