package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.steward.protocol.Messages.Sample;

/**
 * The 1, 5 and 15 minute load averages (runnable and waiting tasks, unit {@code load}); nothing
 * where the OS has none (Windows reports negative values).
 */
public final class LoadAverage implements SampleSource {
    private static final String[] NAMES = {"cpu.load1", "cpu.load5", "cpu.load15"};
    private final Supplier<double[]> averages;

    /** @param averages the three averages, negative where unknown (OSHI's {@code getSystemLoadAverage(3)}) */
    public LoadAverage(Supplier<double[]> averages) {
        this.averages = averages;
    }

    @Override
    public List<Sample> collect(long atMillis) {
        double[] avg = averages.get();
        List<Sample> out = new ArrayList<>(3);
        for (int i = 0; i < Math.min(3, avg.length); i++) {
            if (avg[i] >= 0 && Double.isFinite(avg[i])) {
                out.add(new Sample(NAMES[i], "", avg[i], "load", atMillis));
            }
        }
        return out;
    }
}
