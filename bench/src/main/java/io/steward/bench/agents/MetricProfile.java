package io.steward.bench.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The metric series one simulated device reports, named and typed like the real agent's
 * collectors (cpu.utilization, cpu.load1, memory.used_pct, fs.used_pct per mount, net.in_bps per
 * interface, ...). A profile of M metrics takes the single-machine series first, then adds file
 * systems, network interfaces and disks in turn until it has M, as a larger server would have.
 * Values walk randomly within plausible bounds; some series can breach (see {@link Breaches}).
 */
final class MetricProfile {

    /** One series: what it measures, its unit, its healthy bounds and, if alerts watch it, the breaching band. */
    record Series(String metric, String instance, String unit, double low, double high, double step, double breachLow, double breachHigh) {
        boolean alertable() {
            return breachHigh > breachLow;
        }
    }

    private static final double GB = 1024.0 * 1024 * 1024;
    private static final String[] MOUNTS = {"/boot", "/var", "/home", "/srv", "/opt", "/data", "/var/lib/docker", "/mnt/backup"};
    private static final String[] NICS = {"eth1", "docker0", "wlan0", "bond0"};
    private static final String[] DISKS = {"sda", "sdb", "nvme0n1", "nvme1n1"};

    private MetricProfile() {
    }

    /** The first {@code count} series of the profile. */
    static List<Series> of(int count) {
        List<Series> all = new ArrayList<>(count + 2);
        // Breaching bands sit above the built-in policies' thresholds (file system 90 %, memory 97 %) and below
        // the file-system-full one (98 %), so a breach opens one warning alert; healthy values lie under the recovery thresholds.
        all.add(new Series("cpu.utilization", "", "pct", 2, 60, 8, 97, 100));
        all.add(new Series("memory.used_pct", "", "pct", 30, 85, 1.5, 97.5, 99.5));
        all.add(new Series("fs.used_pct", "/", "pct", 20, 80, 0.05, 92, 97));
        all.add(new Series("fs.free_bytes", "/", "bytes", 20 * GB, 400 * GB, 0.05 * GB, 0, 0));
        all.add(new Series("cpu.load1", "", "count", 0, 4, 0.3, 0, 0));
        all.add(new Series("cpu.load5", "", "count", 0, 4, 0.1, 0, 0));
        all.add(new Series("cpu.load15", "", "count", 0, 4, 0.05, 0, 0));
        all.add(new Series("memory.used_bytes", "", "bytes", 2 * GB, 28 * GB, 0.2 * GB, 0, 0));
        all.add(new Series("swap.used_pct", "", "pct", 0, 20, 0.5, 0, 0));
        all.add(new Series("system.uptime", "", "seconds", 3600, 90 * 86400, 0, 0, 0));
        all.add(new Series("system.processes", "", "count", 150, 450, 4, 0, 0));
        all.add(new Series("net.in_bps", "eth0", "bps", 0, 200e6, 5e6, 0, 0));
        all.add(new Series("net.out_bps", "eth0", "bps", 0, 100e6, 5e6, 0, 0));
        for (int k = 0; all.size() < count; k++) {
            switch (k % 3) {
                case 0 -> {
                    int n = k / 3;
                    String mount = n < MOUNTS.length ? MOUNTS[n] : "/mnt/vol" + (n - MOUNTS.length + 1);
                    all.add(new Series("fs.used_pct", mount, "pct", 5, 80, 0.05, 92, 97));
                    all.add(new Series("fs.free_bytes", mount, "bytes", 1 * GB, 2000 * GB, 0.05 * GB, 0, 0));
                }
                case 1 -> {
                    int n = k / 3;
                    String nic = n < NICS.length ? NICS[n] : "eth" + (n - NICS.length + 2);
                    all.add(new Series("net.in_bps", nic, "bps", 0, 100e6, 2e6, 0, 0));
                    all.add(new Series("net.out_bps", nic, "bps", 0, 100e6, 2e6, 0, 0));
                }
                default -> {
                    int n = k / 3;
                    String disk = n < DISKS.length ? DISKS[n] : "sd" + (char) ('c' + n - DISKS.length);
                    all.add(new Series("disk.read_bps", disk, "bps", 0, 400e6, 5e6, 0, 0));
                    all.add(new Series("disk.write_bps", disk, "bps", 0, 400e6, 5e6, 0, 0));
                }
            }
        }
        return List.copyOf(all.subList(0, count));
    }

    /** A random starting value within the healthy bounds. */
    static double start(Series s, SplittableRandom random) {
        return s.low() + random.nextDouble() * (s.high() - s.low());
    }
}
