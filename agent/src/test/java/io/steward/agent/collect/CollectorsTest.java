package io.steward.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.steward.protocol.Messages;
import io.steward.protocol.Messages.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorsTest {
    static final SystemInfo SI = new SystemInfo();

    @Test
    void measuresThisMachineSanely(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(TestMetricsFile.FILE_NAME), "test.breach.disk1=97.5\nbad.value=x\nplain=1\n");
        MetricsCollector collector = MetricsCollector.forThisMachine(SI, dir);
        Thread.sleep(200);
        List<Sample> samples = collector.collect(System.currentTimeMillis());

        assertThat(samples).filteredOn(s -> s.metric().equals("fs.used_pct")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.value()).isBetween(0.0, 100.0))
                .allSatisfy(s -> assertThat(s.instance()).startsWith("/"));
        assertThat(samples).filteredOn(s -> s.metric().equals("fs.free_bytes")).isNotEmpty();
        assertThat(value(samples, "memory.used_bytes")).isPositive();
        assertThat(value(samples, "memory.used_pct")).isBetween(0.0, 100.0);
        assertThat(value(samples, "cpu.utilization")).isBetween(0.0, 100.0);
        assertThat(value(samples, "cpu.load1")).isGreaterThanOrEqualTo(0.0);
        assertThat(samples).filteredOn(s -> s.metric().startsWith("cpu.load")).hasSize(3).allSatisfy(s -> assertThat(s.unit()).isEqualTo("load"));
        assertThat(samples).filteredOn(s -> s.metric().equals("process.memory_bytes")).hasSizeBetween(1, TopProcesses.TOP)
                .allSatisfy(s -> assertThat(s.value()).isPositive()).allSatisfy(s -> assertThat(s.instance()).isNotBlank());
        assertThat(samples).filteredOn(s -> s.metric().equals("process.cpu_pct")).hasSizeLessThanOrEqualTo(TopProcesses.TOP)
                .allSatisfy(s -> assertThat(s.value()).isBetween(0.0, 100.0));
        assertThat(samples).filteredOn(s -> s.metric().startsWith("disk.")).allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0.0));
        assertThat(samples).filteredOn(s -> s.metric().startsWith("net.in_errors"))
                .allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0.0));
        // Nothing configured: no probes, checks or services.
        assertThat(samples).extracting(Sample::metric)
                .noneMatch(m -> m.startsWith("http.") || m.equals("service.active") || m.equals("net.latency_ms") || m.equals("net.loss_pct"));
        assertThat(value(samples, "swap.used_pct")).isBetween(0.0, 100.0);
        assertThat(value(samples, "system.uptime")).isPositive();
        assertThat(value(samples, "system.processes")).isGreaterThan(1.0);
        assertThat(samples).filteredOn(s -> s.metric().equals("net.in_bps"))
                .allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0.0));
        assertThat(samples).contains(new Sample("test.breach", "disk1", 97.5, "custom", samples.getFirst().at()))
                .anySatisfy(s -> assertThat(s.metric()).isEqualTo("plain"))
                .noneSatisfy(s -> assertThat(s.metric()).isEqualTo("bad"));
        assertThat(samples).allSatisfy(s -> assertThat(s.unit()).isIn("pct", "bytes", "seconds", "count", "bps", "ms", "custom", "load"));
    }

    @Test
    void describesThisMachine() {
        Messages.Inventory inv = new InventoryCollector(SI, InstalledPackages::list).collect(7);
        assertThat(inv.seq()).isEqualTo(7);
        assertThat(inv.cores()).isPositive();
        assertThat(inv.memoryBytes()).isPositive();
        assertThat(inv.cpu()).isNotBlank();
        assertThat(inv.osName()).isNotBlank();
        assertThat(inv.kernel()).isNotBlank();
        assertThat(inv.nics()).isNotNull();
        assertThat(inv.software()).hasSizeLessThanOrEqualTo(InstalledPackages.MAX_ENTRIES);
        if (Files.isExecutable(Path.of("/usr/bin/dpkg-query"))) {
            assertThat(inv.software()).anySatisfy(s -> assertThat(s.name()).isEqualTo("dpkg"));
        }
    }

    private static double value(List<Sample> samples, String metric) {
        return samples.stream().filter(s -> s.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " in " + samples)).value();
    }
}
