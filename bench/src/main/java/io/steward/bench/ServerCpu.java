package io.steward.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of the server under test from /proc: the server JVM's own (utime + stime), and the embedded PostgreSQL's
 * (found from {@code pgdata/postmaster.pid}): the postmaster's own and its ended children's (cutime + cstime: autovacuum
 * workers and backends that have exited and been reaped), plus its living children's (backends, workers).
 */
public final class ServerCpu {
    private final long serverPid;
    private final Path runHome;

    public ServerCpu(Process server, Path runHome) {
        this(server.pid(), runHome);
    }

    /** A server this benchmark did not start (a script did): its JVM's process id and its home. */
    public ServerCpu(long serverPid, Path runHome) {
        this.serverPid = serverPid;
        this.runHome = runHome;
    }

    /** Seconds of CPU (user + system) process {@code pid} has used so far; 0 if there is no such process. */
    public static double cpuSeconds(long pid) {
        return ticks(pid) / 100.0;
    }

    /** Seconds of CPU so far: [server JVM, PostgreSQL]. */
    public double[] seconds() {
        long pg;
        try {
            long postmaster = Long.parseLong(Files.readAllLines(runHome.resolve("pgdata/postmaster.pid")).getFirst().trim());
            pg = ticks(postmaster) + reapedChildren(postmaster) + ProcessHandle.of(postmaster).map(h -> h.descendants().mapToLong(d -> ticks(d.pid())).sum()).orElse(0L);
        } catch (Exception e) {
            pg = -100;
        }
        return new double[] {ticks(serverPid) / 100.0, pg / 100.0};
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    private static long reapedChildren(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (Exception e) {
            return 0;
        }
    }

    public static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (Exception e) {
            return "?";
        }
    }
}
