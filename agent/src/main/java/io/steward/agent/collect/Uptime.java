package io.steward.agent.collect;

import java.util.List;

import io.steward.protocol.Messages.Sample;
import oshi.software.os.OperatingSystem;

/** Seconds since the machine booted; a drop shows a reboot. */
public final class Uptime implements SampleSource {
    private final OperatingSystem os;

    public Uptime(OperatingSystem os) {
        this.os = os;
    }

    @Override
    public List<Sample> collect(long atMillis) {
        return List.of(new Sample("system.uptime", "", os.getSystemUptime(), "seconds", atMillis));
    }
}
