package io.steward.agent.collect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import io.steward.protocol.Messages.Sample;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.software.os.OperatingSystem;

/**
 * All sample sources of one collection round. A source that fails is logged and skipped, so
 * one broken sensor (a hung NFS mount, a missing counter) does not cost the other samples.
 */
public final class MetricsCollector {
    private static final Logger LOG = Logger.getLogger(MetricsCollector.class.getName());
    private final List<SampleSource> sources;

    public MetricsCollector(List<SampleSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** The machine's sources through OSHI, plus the test metrics file in the config directory. */
    public static MetricsCollector forThisMachine(SystemInfo si, Path configDir) {
        HardwareAbstractionLayer hw = si.getHardware();
        OperatingSystem os = si.getOperatingSystem();
        return new MetricsCollector(List.of(
                new CpuUsage(hw.getProcessor()),
                new MemoryUsage(hw.getMemory()),
                new SwapUsage(hw.getMemory().getVirtualMemory()),
                new FileSystemUsage(os.getFileSystem()),
                new Uptime(os),
                new ProcessCount(os),
                new NetworkThroughput(() -> hw.getNetworkIFs(false)),
                new TestMetricsFile(configDir)));
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
