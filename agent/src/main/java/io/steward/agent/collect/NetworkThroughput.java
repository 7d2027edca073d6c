package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.steward.protocol.Messages.Sample;
import oshi.hardware.NetworkIF;

/**
 * Receive and send rate per network interface in bits per second, averaged since the previous
 * call (the first call since construction). A counter that went backwards (interface reset)
 * yields no sample for that interval rather than a negative rate.
 */
public final class NetworkThroughput implements SampleSource {
    private final Supplier<List<NetworkIF>> interfaces;
    private Map<String, long[]> previous = new HashMap<>();

    public NetworkThroughput(Supplier<List<NetworkIF>> interfaces) {
        this.interfaces = interfaces;
        this.previous = snapshot(System.currentTimeMillis());
    }

    @Override
    public List<Sample> collect(long atMillis) {
        Map<String, long[]> now = snapshot(atMillis);
        List<Sample> out = new ArrayList<>();
        now.forEach((name, cur) -> {
            long[] prev = previous.get(name);
            if (prev == null) {
                return;
            }
            double seconds = (cur[0] - prev[0]) / 1000.0;
            long in = cur[1] - prev[1];
            long outBytes = cur[2] - prev[2];
            if (seconds <= 0 || in < 0 || outBytes < 0) {
                return;
            }
            out.add(new Sample("net.in_bps", name, in * 8 / seconds, "bps", atMillis));
            out.add(new Sample("net.out_bps", name, outBytes * 8 / seconds, "bps", atMillis));
        });
        previous = now;
        return out;
    }

    private Map<String, long[]> snapshot(long atMillis) {
        Map<String, long[]> m = new HashMap<>();
        for (NetworkIF nif : interfaces.get()) {
            nif.updateAttributes();
            m.put(nif.getName(), new long[] {atMillis, nif.getBytesRecv(), nif.getBytesSent()});
        }
        return m;
    }
}
