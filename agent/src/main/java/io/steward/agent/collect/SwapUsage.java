package io.steward.agent.collect;

import java.util.List;

import io.steward.protocol.Messages.Sample;
import oshi.hardware.VirtualMemory;

/** Swap in use; a machine without swap reports 0 % rather than nothing, so a rule on it stays quiet. */
public final class SwapUsage implements SampleSource {
    private final VirtualMemory swap;

    public SwapUsage(VirtualMemory swap) {
        this.swap = swap;
    }

    @Override
    public List<Sample> collect(long atMillis) {
        return List.of(new Sample("swap.used_pct", "", Percent.of(swap.getSwapUsed(), swap.getSwapTotal()), "pct", atMillis));
    }
}
