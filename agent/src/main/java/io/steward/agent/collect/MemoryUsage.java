package io.steward.agent.collect;

import java.util.List;

import io.steward.protocol.Messages.Sample;
import oshi.hardware.GlobalMemory;

/** Physical memory in use (total minus available, so caches the OS can drop do not count). */
public final class MemoryUsage implements SampleSource {
    private final GlobalMemory memory;

    public MemoryUsage(GlobalMemory memory) {
        this.memory = memory;
    }

    @Override
    public List<Sample> collect(long atMillis) {
        long total = memory.getTotal();
        long used = total - memory.getAvailable();
        return List.of(
                new Sample("memory.used_pct", "", Percent.of(used, total), "pct", atMillis),
                new Sample("memory.used_bytes", "", used, "bytes", atMillis));
    }
}
