package io.steward.agent.collect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.steward.protocol.Messages.Sample;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * All sample sources of one collection round. A source that fails is logged and skipped, so
 * one broken sensor (a hung NFS mount, a missing counter) does not cost the other samples.
 */
public final class MetricsCollector {
    private static final Logger LOG = Logger.getLogger(MetricsCollector.class.getName());
    /** How long a ping probe waits for an answer. */
    static final int PROBE_TIMEOUT_MILLIS = 1000;
    private final List<SampleSource> sources;

    public MetricsCollector(List<SampleSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** The machine's sources through OSHI, plus the test metrics file; no hosts, URLs or services to watch. */
    public static MetricsCollector forThisMachine(SystemInfo si, Path configDir) {
        return forThisMachine(si, configDir, new MonitoringPlan());
    }

    /**
     * The machine's sources through OSHI, the probes the server's monitoring settings ask for
     * (read from {@code plan} on every round), and the test metrics file in the config directory.
     */
    public static MetricsCollector forThisMachine(SystemInfo si, Path configDir, MonitoringPlan plan) {
        HardwareAbstractionLayer hw = si.getHardware();
        OperatingSystem os = si.getOperatingSystem();
        CentralProcessor cpu = hw.getProcessor();
        Supplier<List<NetworkIF>> nics = new RoundMemo<>(() -> hw.getNetworkIFs(false));
        // The disks are listed once; their counters are refreshed in place every round.
        List<HWDiskStore> disks = hw.getDiskStores();
        return new MetricsCollector(List.of(
                new CpuUsage(cpu),
                new LoadAverage(() -> cpu.getSystemLoadAverage(3)),
                new MemoryUsage(hw.getMemory()),
                new SwapUsage(hw.getMemory().getVirtualMemory()),
                new FileSystemUsage(os.getFileSystem()),
                new DiskIo(() -> diskCounters(disks)),
                new Uptime(os),
                new ProcessCount(os),
                new TopProcesses(processLister(os), cpu.getLogicalProcessorCount()),
                new NetworkThroughput(nics),
                new NetworkErrors(() -> nicCounters(nics.get())),
                new ServiceStates(plan::services, CommandRunner.PROCESS, ServiceStates::systemdRuns),
                new Reachability(plan::pingHosts, Reachability.DEFAULT_METHODS, PROBE_TIMEOUT_MILLIS),
                new HttpChecks(plan::httpChecks),
                new TestMetricsFile(configDir)));
    }

    private static List<DiskIo.Counters> diskCounters(List<HWDiskStore> disks) {
        List<DiskIo.Counters> out = new ArrayList<>(disks.size());
        for (HWDiskStore d : disks) {
            if (d.updateAttributes()) {
                out.add(new DiskIo.Counters(d.getName(), d.getReadBytes(), d.getWriteBytes()));
            }
        }
        return out;
    }

    private static List<NetworkErrors.Counters> nicCounters(List<NetworkIF> nics) {
        List<NetworkErrors.Counters> out = new ArrayList<>(nics.size());
        for (NetworkIF n : nics) {
            out.add(new NetworkErrors.Counters(n.getName(), n.getInErrors(), n.getOutErrors(), n.getInDrops()));
        }
        return out;
    }

    /** Plain /proc reading on Linux (far lighter than OSHI's full process objects), OSHI elsewhere. */
    private static Supplier<List<TopProcesses.Snapshot>> processLister(OperatingSystem os) {
        if (LinuxProcesses.available() && os instanceof oshi.software.os.linux.LinuxOperatingSystem) {
            return new LinuxProcesses(Path.of("/proc"), oshi.software.os.linux.LinuxOperatingSystem.getHz(),
                    oshi.software.os.linux.LinuxOperatingSystem.getPageSize(), os.getSystemBootTime() * 1000);
        }
        return () -> processes(os);
    }

    private static List<TopProcesses.Snapshot> processes(OperatingSystem os) {
        List<OSProcess> all = os.getProcesses(OperatingSystem.ProcessFiltering.ALL_PROCESSES, OperatingSystem.ProcessSorting.NO_SORTING, 0);
        List<TopProcesses.Snapshot> out = new ArrayList<>(all.size());
        for (OSProcess p : all) {
            out.add(new TopProcesses.Snapshot(p.getProcessID(), p.getName(), p.getKernelTime() + p.getUserTime(), p.getResidentSetSize(),
                    p.getStartTime()));
        }
        return out;
    }

    /** The sources in the order they run. */
    public List<SampleSource> sources() {
        return sources;
    }

    public List<Sample> collect(long atMillis) {
        List<Sample> all = new ArrayList<>();
        for (SampleSource source : sources) {
            try {
                all.addAll(source.collect(atMillis));
            } catch (RuntimeException e) {
                LOG.warning(() -> source.getClass().getSimpleName() + " failed: " + e);
            }
        }
        return all;
    }
}
