package io.steward.server.devices.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.server.devices.DeviceProfile;
import io.steward.server.shared.DeviceId;
import org.springframework.stereotype.Component;

/** Devices as alert policies see them, with their groups resolved: a few statements for any number of devices. */
@Component
public class DeviceProfiles {
    private final DeviceRepository devices;
    private final DeviceGroupRepository groups;

    DeviceProfiles(DeviceRepository devices, DeviceGroupRepository groups) {
        this.devices = devices;
        this.groups = groups;
    }

    /** The profiles of those of {@code ids} that exist in the caller's scope. */
    public Map<DeviceId, DeviceProfile> of(Collection<DeviceId> ids) {
        Map<DeviceId, DeviceProfile> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<DeviceRepository.Facts> facts = devices.facts(ids);
        Map<UUID, Set<UUID>> memberOf = groups.ofDevices(facts);
        for (DeviceRepository.Facts f : facts) {
            DeviceId id = new DeviceId(f.id());
            out.put(id, new DeviceProfile(id, f.client(), f.site(), f.hostname(), f.os(), f.criticality(), f.tags(), memberOf.get(f.id())));
        }
        return out;
    }
}
