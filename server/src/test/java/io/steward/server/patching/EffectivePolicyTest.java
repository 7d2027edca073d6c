package io.steward.server.patching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which policy a device is patched by: client, then its site, then its groups (the first by name winning), held packages adding up. */
class EffectivePolicyTest {
    static final ClientId CLIENT = new ClientId(UUID.fromString("00000000-0000-0000-0000-0000000000c1"));
    static final UUID SITE = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    static final UUID SERVERS = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    static final UUID KIOSKS = UUID.fromString("00000000-0000-0000-0000-0000000000b2");

    static PolicyOverride override(ClientId client, String kind, UUID id, String name, Integer deadline, String reboot, String... held) {
        return new PolicyOverride(client, kind, id, name, null, deadline, null, List.of(held), reboot, null, 1, "t@example.com", null);
    }

    @Test
    void aGroupWinsOverTheSiteAndTheSiteOverTheClient() {
        PatchPolicy client = PatchPolicy.defaults(CLIENT);
        List<PolicyOverride> overrides = List.of(override(CLIENT, "SITE", SITE, "Main office", 7, "always", "nginx"),
                override(CLIENT, "GROUP", SERVERS, "Servers", 3, null, "postgresql-17"));

        PatchPolicy elsewhere = EffectivePolicy.of(client, overrides, null, Set.of());
        assertThat(elsewhere).isEqualTo(client);

        PatchPolicy atSite = EffectivePolicy.of(client, overrides, SITE, Set.of());
        assertThat(atSite.securityDeadlineDays()).isEqualTo(7);
        assertThat(atSite.reboot()).isEqualTo("always");
        assertThat(atSite.heldPackages()).containsExactly("nginx");

        PatchPolicy server = EffectivePolicy.of(client, overrides, SITE, Set.of(SERVERS));
        assertThat(server.securityDeadlineDays()).as("the group's").isEqualTo(3);
        assertThat(server.reboot()).as("the group leaves it: the site's").isEqualTo("always");
        assertThat(server.heldPackages()).containsExactly("nginx", "postgresql-17");
        assertThat(server.scanHours()).as("nobody overrides it: the client's").isEqualTo(client.scanHours());
        assertThat(server.cycleWeek()).isEqualTo(client.cycleWeek());
    }

    @Test
    void anotherClientsOverrideNeverApplies() {
        ClientId other = new ClientId(UUID.randomUUID());
        PatchPolicy client = PatchPolicy.defaults(CLIENT);
        PatchPolicy p = EffectivePolicy.of(client, List.of(override(other, "SITE", SITE, "Theirs", 1, "never")), SITE, Set.of());
        assertThat(p).isEqualTo(client);
    }

    @Property
    void betweenGroupsTheFirstByNameWinsWhateverTheOrder(@ForAll @IntRange(min = 1, max = 365) int serversDeadline,
                                                          @ForAll @IntRange(min = 1, max = 365) int kiosksDeadline, @ForAll boolean shuffleSeed) {
        PatchPolicy client = PatchPolicy.defaults(CLIENT);
        List<PolicyOverride> overrides = new ArrayList<>(List.of(override(CLIENT, "GROUP", SERVERS, "Servers", serversDeadline, "never"),
                override(CLIENT, "GROUP", KIOSKS, "kiosks", kiosksDeadline, null)));
        if (shuffleSeed) {
            Collections.reverse(overrides);
        }
        PatchPolicy p = EffectivePolicy.of(client, overrides, null, Set.of(SERVERS, KIOSKS));
        assertThat(p.securityDeadlineDays()).as("'kiosks' comes before 'Servers' by name, ignoring case").isEqualTo(kiosksDeadline);
        assertThat(p.reboot()).as("kiosks leaves reboot to the next").isEqualTo("never");
    }
}
