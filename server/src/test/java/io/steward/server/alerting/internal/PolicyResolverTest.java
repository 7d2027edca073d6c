package io.steward.server.alerting.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.steward.server.alerting.Aggregation;
import io.steward.server.alerting.AlertPolicy;
import io.steward.server.devices.DeviceProfile;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Inheritance default -> client -> site -> group -> device, disabled overrides, and exclusions. */
class PolicyResolverTest {
    static final ClientId CLIENT = new ClientId(UUID.randomUUID());
    static final ClientId OTHER = new ClientId(UUID.randomUUID());
    static final UUID SITE = UUID.randomUUID();
    static final UUID GROUP = UUID.randomUUID();
    static final DeviceProfile DEVICE = new DeviceProfile(new DeviceId(UUID.randomUUID()), CLIENT, SITE, "srv", "Ubuntu", "NORMAL", Set.of("db"),
            Set.of(GROUP));

    static AlertPolicy policy(int level, String metric, String severity, boolean enabled, ClientId client) {
        return new AlertPolicy(UUID.randomUUID(), level == 0 ? null : client, "p" + level, metric, "ABOVE", 90, 80, severity, enabled,
                level == 2 ? SITE : null, level == 3 ? GROUP : null, level == 4 ? DEVICE.id().value() : null, Aggregation.LAST, 0, 0, false, List.of());
    }

    @Test
    void theMostSpecificLevelWinsPerMetricAndSeverity() {
        AlertPolicy byDefault = policy(0, "fs.used_pct", "WARNING", true, CLIENT);
        AlertPolicy critical = policy(0, "fs.used_pct", "CRITICAL", true, CLIENT);
        AlertPolicy client = policy(1, "fs.used_pct", "WARNING", true, CLIENT);
        AlertPolicy group = policy(3, "fs.used_pct", "WARNING", true, CLIENT);
        AlertPolicy otherClient = policy(1, "cpu.utilization", "WARNING", true, OTHER);
        assertThat(PolicyResolver.effective(List.of(byDefault, critical, client, otherClient), DEVICE)).containsExactlyInAnyOrder(client, critical);
        assertThat(PolicyResolver.effective(List.of(byDefault, critical, client, group), DEVICE)).containsExactlyInAnyOrder(group, critical);
        AlertPolicy off = policy(4, "fs.used_pct", "CRITICAL", false, CLIENT);
        assertThat(PolicyResolver.effective(List.of(byDefault, critical, off), DEVICE)).as("a disabled device policy switches the default off")
                .containsExactly(byDefault);
    }

    @Test
    void anExclusionTakesTheDeviceOut() {
        AlertPolicy p = policy(0, "cpu.utilization", "WARNING", true, CLIENT);
        AlertPolicy bySite = p.withExclusions(List.of(new AlertPolicy.Exclusion(UUID.randomUUID(), CLIENT, SITE, null, null)));
        AlertPolicy otherClientsSite = p.withExclusions(List.of(new AlertPolicy.Exclusion(UUID.randomUUID(), OTHER, SITE, null, null)));
        AlertPolicy byGroup = p.withExclusions(List.of(new AlertPolicy.Exclusion(UUID.randomUUID(), CLIENT, null, GROUP, null)));
        assertThat(PolicyResolver.effective(List.of(bySite), DEVICE)).isEmpty();
        assertThat(PolicyResolver.effective(List.of(byGroup), DEVICE)).isEmpty();
        assertThat(PolicyResolver.effective(List.of(otherClientsSite), DEVICE)).hasSize(1);
    }

    @Provide
    Arbitrary<List<AlertPolicy>> policies() {
        Arbitrary<AlertPolicy> one = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of("a", "b", "c"),
                Arbitraries.of("WARNING", "CRITICAL"), Arbitraries.of(true, true, false), Arbitraries.of(CLIENT, OTHER),
                Arbitraries.of(0, 1, 2)).as((level, metric, severity, enabled, client, excluded) -> {
                    AlertPolicy p = policy(level, metric, severity, enabled, client);
                    return excluded == 0 ? p.withExclusions(List.of(new AlertPolicy.Exclusion(UUID.randomUUID(), CLIENT, null, null,
                            DEVICE.id().value()))) : p;
                });
        return one.list().ofMaxSize(15);
    }

    @Property
    void resultsAreApplicableEnabledUnexcludedAndOfTheTopLevel(@ForAll("policies") List<AlertPolicy> policies) {
        List<AlertPolicy> result = PolicyResolver.effective(policies, DEVICE);
        for (AlertPolicy r : result) {
            assertThat(r.enabled()).isTrue();
            assertThat(r.exclusions()).isEmpty();
            assertThat(r.clientId() == null || r.clientId().equals(CLIENT)).isTrue();
            int top = policies.stream().filter(p -> p.metric().equals(r.metric()) && p.severity().equals(r.severity()))
                    .filter(p -> PolicyResolver.covers(p, DEVICE) && !PolicyResolver.excluded(p, DEVICE)).mapToInt(AlertPolicy::level).max()
                    .orElseThrow();
            assertThat(r.level()).isEqualTo(top);
        }
        // Adding an enabled device-level policy for a metric makes it the only one for that metric and severity.
        List<AlertPolicy> more = new ArrayList<>(policies);
        AlertPolicy mine = policy(4, "a", "WARNING", true, CLIENT);
        more.add(mine);
        assertThat(PolicyResolver.effective(more, DEVICE).stream().filter(p -> p.metric().equals("a") && p.severity().equals("WARNING")))
                .contains(mine).allMatch(p -> p.level() == 4);
    }
}
