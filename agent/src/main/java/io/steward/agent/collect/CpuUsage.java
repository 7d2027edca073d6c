package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.List;

import io.steward.protocol.Messages.Sample;
import oshi.hardware.CentralProcessor;

/**
 * CPU utilisation in % since the previous call (the first call measures since construction) and
 * the 1/5/15 minute load averages where the OS has them (not on Windows).
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
        List<Sample> out = new ArrayList<>(4);
        double load = cpu.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = cpu.getSystemCpuLoadTicks();
        out.add(new Sample("cpu.utilization", "", Math.max(0, Math.min(100, load * 100)), "pct", atMillis));
        double[] avg = cpu.getSystemLoadAverage(3);
        String[] names = {"cpu.load1", "cpu.load5", "cpu.load15"};
        for (int i = 0; i < 3; i++) {
            if (avg[i] >= 0) {
                out.add(new Sample(names[i], "", avg[i], "count", atMillis));
            }
        }
        return out;
    }
}
