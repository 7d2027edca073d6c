package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.steward.protocol.Messages.Sample;

/**
 * Receive errors, send errors and dropped incoming packets per network interface since the
 * previous round (unit {@code count}, per collection interval): {@code net.in_errors},
 * {@code net.out_errors}, {@code net.in_drops}, instance = the interface.
 */
public final class NetworkErrors implements SampleSource {
    /** An interface's cumulative error counters as the OS reports them. */
    public record Counters(String nic, long inErrors, long outErrors, long inDrops) {
    }

    private final Supplier<List<Counters>> interfaces;
    private final CounterRates rates = new CounterRates(3);

    /** Takes the starting point now, so the first round already reports. */
    public NetworkErrors(Supplier<List<Counters>> interfaces) {
        this(interfaces, System.currentTimeMillis());
    }

    NetworkErrors(Supplier<List<Counters>> interfaces, long startMillis) {
        this.interfaces = interfaces;
        collect(startMillis);
    }

    @Override
    public List<Sample> collect(long atMillis) {
        CounterRates.Round round = rates.round(atMillis);
        List<Sample> out = new ArrayList<>();
        for (Counters c : interfaces.get()) {
            long[] d = round.put(c.nic(), c.inErrors(), c.outErrors(), c.inDrops());
            if (d != null) {
                out.add(new Sample("net.in_errors", c.nic(), d[0], "count", atMillis));
                out.add(new Sample("net.out_errors", c.nic(), d[1], "count", atMillis));
                out.add(new Sample("net.in_drops", c.nic(), d[2], "count", atMillis));
            }
        }
        round.finish();
        return out;
    }
}
