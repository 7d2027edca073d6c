package io.steward.server.identity;

import java.time.ZoneId;

import io.steward.server.shared.Role;

/**
 * Decides the time zone a person's pages are shown in: their own choice; else, for a client user, their client's
 * zone; else, for staff, the MSP's configured zone; else UTC.
 */
public final class EffectiveTimeZone {
    /** UTC by its name, so pages label it "UTC" rather than "Z". */
    public static final ZoneId UTC = ZoneId.of("UTC");

    private EffectiveTimeZone() {
    }

    /**
     * @param own    the user's own zone id, or null
     * @param role   the user's role
     * @param client the zone id of a client user's client, or null
     * @param msp    the MSP's configured zone id for staff, or null
     */
    public static ZoneId of(String own, Role role, String client, String msp) {
        if (own != null) {
            return ZoneId.of(own);
        }
        if (role == Role.CLIENT_USER) {
            return client == null ? UTC : ZoneId.of(client);
        }
        return msp == null ? UTC : ZoneId.of(msp);
    }
}
