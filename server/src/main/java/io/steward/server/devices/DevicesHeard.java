package io.steward.server.devices;

import java.util.List;

/**
 * Approved devices whose agents reported in on their streams (protocol v2 heartbeats), published after the commit that
 * recorded their last contact, once for all the devices of that write, in system scope (they may be of many clients).
 */
public record DevicesHeard(List<DeviceHeard> devices) {
    public DevicesHeard {
        devices = List.copyOf(devices);
    }
}
