package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.steward.protocol.Messages.Sample;

/**
 * The processes that use the most CPU and memory, by process name (several processes of one
 * program add up): {@code process.cpu_pct} is the share of the whole machine's CPU time (all
 * cores) since the previous round, {@code process.memory_bytes} the resident memory now; the top
 * {@link #TOP} of each, instance = the process name. Between rounds only each process's CPU time
 * is kept, as primitives.
 */
public final class TopProcesses implements SampleSource {
    public static final int TOP = 5;

    /**
     * One process as the OS reports it.
     *
     * @param cpuMillis   user and kernel time used since it started
     * @param startMillis when it started (epoch milliseconds)
     */
    public record Snapshot(int pid, String name, long cpuMillis, long residentBytes, long startMillis) {
    }

    private final Supplier<List<Snapshot>> processes;
    private final int cores;
    private Map<Integer, long[]> previous = new HashMap<>();
    private long previousAt;

    /** Takes the starting point now, so the first round already reports CPU shares. */
    public TopProcesses(Supplier<List<Snapshot>> processes, int cores) {
        this(processes, cores, System.currentTimeMillis());
    }

    TopProcesses(Supplier<List<Snapshot>> processes, int cores, long startMillis) {
        this.processes = processes;
        this.cores = Math.max(1, cores);
        this.previousAt = startMillis;
        for (Snapshot p : processes.get()) {
            previous.put(p.pid(), new long[] {p.cpuMillis(), p.startMillis()});
        }
    }

    @Override
    public List<Sample> collect(long atMillis) {
        List<Snapshot> now = processes.get();
        long elapsed = atMillis - previousAt;
        Map<String, double[]> byName = new HashMap<>();
        Map<Integer, long[]> seen = new HashMap<>(Math.max(16, now.size() * 2));
        for (Snapshot p : now) {
            seen.put(p.pid(), new long[] {p.cpuMillis(), p.startMillis()});
            long[] before = previous.get(p.pid());
            long used;
            if (before != null && before[1] == p.startMillis()) {
                used = p.cpuMillis() - before[0];
            } else if (p.startMillis() >= previousAt) {
                used = p.cpuMillis(); // started since the previous round: all its time is new
            } else {
                used = 0; // a reused pid or a process not seen before: no honest figure this round
            }
            double[] agg = byName.computeIfAbsent(name(p), n -> new double[2]);
            agg[0] += Math.max(0, used);
            agg[1] += Math.max(0, p.residentBytes());
        }
        previous = seen;
        previousAt = atMillis;
        List<Sample> out = new ArrayList<>(2 * TOP);
        if (elapsed > 0) {
            for (Map.Entry<String, double[]> e : top(byName, 0)) {
                double pct = Math.min(100, 100.0 * e.getValue()[0] / ((double) elapsed * cores));
                out.add(new Sample("process.cpu_pct", e.getKey(), pct, "pct", atMillis));
            }
        }
        for (Map.Entry<String, double[]> e : top(byName, 1)) {
            out.add(new Sample("process.memory_bytes", e.getKey(), e.getValue()[1], "bytes", atMillis));
        }
        return out;
    }

    private static List<Map.Entry<String, double[]>> top(Map<String, double[]> byName, int index) {
        return byName.entrySet().stream()
                .filter(e -> e.getValue()[index] > 0)
                .sorted((a, b) -> a.getValue()[index] != b.getValue()[index] ? Double.compare(b.getValue()[index], a.getValue()[index])
                        : a.getKey().compareTo(b.getKey()))
                .limit(TOP).toList();
    }

    private static String name(Snapshot p) {
        String n = p.name() == null || p.name().isBlank() ? "pid " + p.pid() : p.name().strip();
        return n.length() > 255 ? n.substring(0, 255) : n;
    }
}
