package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.List;

import io.steward.protocol.Messages.Sample;
import oshi.hardware.CentralProcessor;

/**
 * CPU utilisation in % since the previous call (the first call measures since construction).
 * The load averages are {@link LoadAverage}'s.
 */
public final class CpuUsage implements SampleSource {
    private final CentralProcessor cpu;
    private long[] previousTicks;

    public CpuUsage(CentralProcessor cpu) {
        this.cpu = cpu;
        this.previousTicks = cpu.getSystemCpuLoadTicks();
    }

    @Override
    public List<Sample> collect(long atMillis) {
        List<Sample> out = new ArrayList<>(1);
        double load = cpu.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = cpu.getSystemCpuLoadTicks();
        out.add(new Sample("cpu.utilization", "", Math.max(0, Math.min(100, load * 100)), "pct", atMillis));
        return out;
    }
}
