package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.List;

import io.steward.protocol.Messages.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Load averages and the counter-based sources (disk I/O, network errors) over fake readings. */
class LoadAndCountersTest {

    @Test
    void loadAveragesUseTheLoadUnitAndSkipWhatTheOsDoesNotKnow() {
        assertThat(new LoadAverage(() -> new double[] {0.5, 1.25, 2}).collect(7)).containsExactly(
                new Sample("cpu.load1", "", 0.5, "load", 7), new Sample("cpu.load5", "", 1.25, "load", 7), new Sample("cpu.load15", "", 2, "load", 7));
        assertThat(new LoadAverage(() -> new double[] {-1, -1, -1}).collect(7)).isEmpty();
    }

    @Test
    void diskIoIsBytesPerSecondSinceThePreviousRoundAndSkipsResetCounters() {
        List<List<DiskIo.Counters>> readings = new ArrayList<>(List.of(
                List.of(new DiskIo.Counters("sda", 1_000, 5_000)),
                List.of(new DiskIo.Counters("sda", 11_000, 25_000), new DiskIo.Counters("sdb", 10, 10)),
                List.of(new DiskIo.Counters("sda", 500, 30_000), new DiskIo.Counters("sdb", 210, 410))));
        DiskIo io = new DiskIo(() -> readings.removeFirst(), 0);
        assertThat(io.collect(10_000)).containsExactly(new Sample("disk.read_bytes_per_sec", "sda", 1_000, "bytes", 10_000),
                new Sample("disk.write_bytes_per_sec", "sda", 2_000, "bytes", 10_000));
        // sda went backwards (reset): nothing for it this round; sdb is new since the last round and now has a rate.
        assertThat(io.collect(12_000)).containsExactly(new Sample("disk.read_bytes_per_sec", "sdb", 100, "bytes", 12_000),
                new Sample("disk.write_bytes_per_sec", "sdb", 200, "bytes", 12_000));
    }

    @Test
    void networkErrorsAreCountsPerRound() {
        List<List<NetworkErrors.Counters>> readings = new ArrayList<>(List.of(
                List.of(new NetworkErrors.Counters("eth0", 1, 2, 3)),
                List.of(new NetworkErrors.Counters("eth0", 4, 2, 13))));
        NetworkErrors errors = new NetworkErrors(() -> readings.removeFirst(), 0);
        assertThat(errors.collect(60_000)).containsExactly(new Sample("net.in_errors", "eth0", 3, "count", 60_000),
                new Sample("net.out_errors", "eth0", 0, "count", 60_000), new Sample("net.in_drops", "eth0", 10, "count", 60_000));
    }
}
