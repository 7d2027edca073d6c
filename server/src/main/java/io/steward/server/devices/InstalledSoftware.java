package io.steward.server.devices;

import io.steward.server.shared.DeviceId;

/** One package installed on one device, as its last inventory reported it. */
public record InstalledSoftware(DeviceId deviceId, String hostname, String name, String version, String vendor) {
}
