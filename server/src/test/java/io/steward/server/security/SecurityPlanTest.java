package io.steward.server.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A device's plan from its client's and its groups' exceptions; the allowed ports as the plan takes them. */
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

    @Test
    void allowedPortsArePortsOrRangesWithTheirProtocolNormalisedAndOthersAreRefusedWithTheField() {
        assertThat(SecurityPlans.ports(List.of(" 22/TCP", "8000-8099/tcp", "53/udp", "443-443/tcp", "22/tcp", "1-65535/udp"), List.of()))
                .containsExactly("22/tcp", "8000-8099/tcp", "53/udp", "443/tcp", "1-65535/udp");
        assertThat(SecurityPlans.ports(null, List.of("22/tcp"))).as("left out: unchanged").containsExactly("22/tcp");
        for (String bad : List.of("http", "22", "22/icmp", "0/tcp", "65536/tcp", "0-80/tcp", "8099-8000/tcp", "1-65536/udp", "-22/tcp", "22-/tcp")) {
            assertThatThrownBy(() -> SecurityPlans.ports(List.of(bad), List.of())).as(bad)
                    .isInstanceOfSatisfying(io.steward.server.shared.InvalidInputException.class, e -> assertThat(e.fieldErrors().get("allowedPorts")).contains(bad));
        }
    }
}
