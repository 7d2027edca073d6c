package io.steward.server.identity;

import java.time.ZoneId;

import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which zone a person's pages use, and which typed zones are accepted. */
class EffectiveTimeZoneTest {

    @Test
    void ownZoneWinsForEveryone() {
        for (Role role : Role.values()) {
            assertThat(EffectiveTimeZone.of("Asia/Tokyo", role, "America/New_York", "Europe/Berlin")).isEqualTo(ZoneId.of("Asia/Tokyo"));
        }
    }

    @Test
    void aClientUserFallsBackToTheirClientsZoneThenUtc() {
        assertThat(EffectiveTimeZone.of(null, Role.CLIENT_USER, "America/New_York", "Europe/Berlin")).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(EffectiveTimeZone.of(null, Role.CLIENT_USER, null, "Europe/Berlin")).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void staffFallBackToTheMspsZoneThenUtc() {
        for (Role role : new Role[] {Role.MSP_ADMIN, Role.SERVICE_MANAGER, Role.TECHNICIAN}) {
            assertThat(EffectiveTimeZone.of(null, role, "America/New_York", "Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
            assertThat(EffectiveTimeZone.of(null, role, "America/New_York", null)).isEqualTo(ZoneId.of("UTC"));
        }
    }

    @Test
    void onlyRegionZonesAndUtcAreAccepted() {
        assertThat(ZoneInput.parse("timeZone", " America/New_York ")).isEqualTo("America/New_York");
        assertThat(ZoneInput.parse("timeZone", "UTC")).isEqualTo("UTC");
        assertThat(ZoneInput.parse("timeZone", "")).isNull();
        assertThat(ZoneInput.parse("timeZone", null)).isNull();
        for (String bad : new String[] {"EST", "+02:00", "Mars/Olympus_Mons", "GMT+1", "Europe/" + "x".repeat(70)}) {
            assertThatThrownBy(() -> ZoneInput.parse("timeZone", bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }
}
