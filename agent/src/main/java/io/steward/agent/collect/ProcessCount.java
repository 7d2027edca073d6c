package io.steward.agent.collect;

import java.util.List;

import io.steward.protocol.Messages.Sample;
import oshi.software.os.OperatingSystem;

/** How many processes run. */
public final class ProcessCount implements SampleSource {
    private final OperatingSystem os;

    public ProcessCount(OperatingSystem os) {
        this.os = os;
    }

    @Override
    public List<Sample> collect(long atMillis) {
        return List.of(new Sample("system.processes", "", os.getProcessCount(), "count", atMillis));
    }
}
