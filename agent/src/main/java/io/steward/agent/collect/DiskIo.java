package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.steward.protocol.Messages.Sample;

/**
 * Bytes read from and written to each physical disk per second, averaged since the previous
 * round: {@code disk.read_bytes_per_sec} and {@code disk.write_bytes_per_sec} (unit
 * {@code bytes}, per second as the name says), instance = the disk's name (sda, nvme0n1).
 */
public final class DiskIo implements SampleSource {
    /** A disk's cumulative byte counters as the OS reports them. */
    public record Counters(String disk, long readBytes, long writeBytes) {
    }

    private final Supplier<List<Counters>> disks;
    private final CounterRates rates = new CounterRates(2);

    /** Takes the starting point now, so the first round already reports. */
    public DiskIo(Supplier<List<Counters>> disks) {
        this(disks, System.currentTimeMillis());
    }

    DiskIo(Supplier<List<Counters>> disks, long startMillis) {
        this.disks = disks;
        collect(startMillis);
    }

    @Override
    public List<Sample> collect(long atMillis) {
        CounterRates.Round round = rates.round(atMillis);
        double seconds = round.seconds();
        List<Sample> out = new ArrayList<>();
        for (Counters c : disks.get()) {
            long[] d = round.put(c.disk(), c.readBytes(), c.writeBytes());
            if (d != null && seconds > 0) {
                out.add(new Sample("disk.read_bytes_per_sec", c.disk(), d[0] / seconds, "bytes", atMillis));
                out.add(new Sample("disk.write_bytes_per_sec", c.disk(), d[1] / seconds, "bytes", atMillis));
            }
        }
        round.finish();
        return out;
    }
}
