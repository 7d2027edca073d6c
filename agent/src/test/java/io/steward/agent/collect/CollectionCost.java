package io.steward.agent.collect;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Not a test: measures what one collection round costs per source on this machine (CPU time and
 * bytes allocated by the collecting thread, wall time), the median of {@code ROUNDS} rounds after
 * two warm-up rounds. For BENCHMARKS.md:
 * {@code java -cp agent/target/test-classes:agent/target/steward-agent.jar io.steward.agent.collect.CollectionCost}.
 * The extra line "TopProcesses(OSHI)" is the same source fed by OSHI's process listing, the way it
 * is done where there is no /proc.
 */
public final class CollectionCost {
    private static final int ROUNDS = 7;

    private CollectionCost() {
    }

    public static void main(String[] args) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        SystemInfo si = new SystemInfo();
        OperatingSystem os = si.getOperatingSystem();
        Path dir = Files.createTempDirectory("collection-cost");
        MetricsCollector collector = MetricsCollector.forThisMachine(si, dir, new MonitoringPlan());
        Map<String, SampleSource> sources = new LinkedHashMap<>();
        for (SampleSource s : collector.sources()) {
            sources.put(s.getClass().getSimpleName(), s);
        }
        sources.put("TopProcesses(OSHI)", new TopProcesses(() -> {
            List<TopProcesses.Snapshot> out = new ArrayList<>();
            for (OSProcess p : os.getProcesses(OperatingSystem.ProcessFiltering.ALL_PROCESSES, OperatingSystem.ProcessSorting.NO_SORTING, 0)) {
                out.add(new TopProcesses.Snapshot(p.getProcessID(), p.getName(), p.getKernelTime() + p.getUserTime(), p.getResidentSetSize(),
                        p.getStartTime()));
            }
            return out;
        }, si.getHardware().getProcessor().getLogicalProcessorCount()));
        Map<String, List<long[]>> runs = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS + 2; round++) {
            Thread.sleep(1000);
            for (Map.Entry<String, SampleSource> e : sources.entrySet()) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long alloc0 = threads.getThreadAllocatedBytes(tid);
                long wall0 = System.nanoTime();
                e.getValue().collect(System.currentTimeMillis());
                long[] cost = {threads.getCurrentThreadCpuTime() - cpu0, threads.getThreadAllocatedBytes(tid) - alloc0, System.nanoTime() - wall0};
                if (round >= 2) {
                    runs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(cost);
                }
            }
        }
        long cpuTotal = 0;
        long allocTotal = 0;
        for (Map.Entry<String, List<long[]>> e : runs.entrySet()) {
            long cpu = median(e.getValue(), 0);
            long alloc = median(e.getValue(), 1);
            if (!e.getKey().endsWith("(OSHI)")) {
                cpuTotal += cpu;
                allocTotal += alloc;
            }
            System.out.printf("%-20s cpu %7.2f ms  alloc %9.1f KB  wall %7.1f ms%n", e.getKey(), cpu / 1e6, alloc / 1024.0, median(e.getValue(), 2) / 1e6);
        }
        System.out.printf("round (sum of medians, without the OSHI line): cpu %.1f ms, alloc %.1f KB, processes %d%n", cpuTotal / 1e6,
                allocTotal / 1024.0, os.getProcessCount());
    }

    private static long median(List<long[]> rows, int column) {
        long[] v = rows.stream().mapToLong(r -> r[column]).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
