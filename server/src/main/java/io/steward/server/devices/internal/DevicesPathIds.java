package io.steward.server.devices.internal;

import java.util.List;

import io.steward.server.shared.PathIdRule;
import io.steward.server.shared.PathIdRule.Audience;
import io.steward.server.shared.PathIdRules;
import org.springframework.stereotype.Component;

/**
 * Device, device-group and enrollment-token ids are visible to staff who see their client; a portal device id to anyone
 * who does; agent release ids to MSP admins.
 */
@Component
class DevicesPathIds implements PathIdRules {

    @Override
    public List<PathIdRule> pathIds() {
        return List.of(
                PathIdRule.ofClient("deviceId", "device", "client_id").forAudience(Audience.STAFF),
                // The portal's read-only view of a device: a client's portal users see their own client's.
                PathIdRule.ofClient("portalDeviceId", "device", "client_id"),
                PathIdRule.ofClient("groupId", "device_group", "client_id").forAudience(Audience.STAFF),
                PathIdRule.ofClient("enrollmentTokenId", "enrollment_token", "client_id").forAudience(Audience.STAFF),
                // Agent releases are shared by all clients and for MSP admins only.
                PathIdRule.shared("releaseId", "agent_release").forAudience(Audience.MSP_ADMIN));
    }
}
