package io.steward.server.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A device's plan from its client's and its groups' exceptions. */
class SecurityPlanTest {
    private static final ClientId CLIENT = new ClientId(UUID.fromString("00000000-0000-0000-0000-0000000000c1"));
    private static final Instant AT = Instant.parse("2026-12-31T23:30:00Z");

    private static SecurityPlan.GroupOverride group(String name, Integer every, List<String> ports, List<String> incidents) {
        return new SecurityPlan.GroupOverride(UUID.nameUUIDFromBytes(name.getBytes()), CLIENT, name, every, null, null, ports, null, null, null, incidents,
                1, "a@b", AT);
    }

    @Test
    void eachFieldComesFromTheFirstGroupByNameThatSetsItElseTheClients() {
        SecurityPlan client = SecurityPlan.defaults(CLIENT);
        SecurityPlan plan = client.forGroups(List.of(group("Servers", 15, null, List.of("firewall")), group("Databases", null, List.of("5432/tcp"), null)));
        assertThat(plan.everyMinutes()).as("only Servers sets it").isEqualTo(15);
        assertThat(plan.allowedPorts()).as("Databases comes first by name").containsExactly("5432/tcp");
        assertThat(plan.incidentChecks()).containsExactly("firewall");
        assertThat(plan.failedLogonThreshold()).as("nobody sets it").isEqualTo(client.failedLogonThreshold());
        assertThat(client.forGroups(List.of())).isSameAs(client);
        // An empty list is a value, not an inheritance.
        assertThat(client.forGroups(List.of(group("Kiosks", null, List.of(), null))).allowedPorts()).isEmpty();
        assertThat(plan.forAgent().everyMinutes()).isEqualTo(15);
    }
}
