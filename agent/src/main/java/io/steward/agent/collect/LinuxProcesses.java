package io.steward.agent.collect;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every process from {@code /proc/<pid>/stat} on Linux, for {@link TopProcesses}: one small file
 * per process read into a reused buffer, and only the name, CPU time, start time and resident
 * size parsed out. OSHI's process listing reads several files per process and keeps dozens of
 * fields, which costs about 100 times the memory per round for the same four numbers.
 */
final class LinuxProcesses implements Supplier<List<TopProcesses.Snapshot>> {
    private final Path proc;
    private final long hz;
    private final long pageSize;
    private final long bootMillis;
    private final byte[] buffer = new byte[4096];
    private int lastCount = 64;

    /**
     * @param hz         clock ticks per second of the times in {@code stat} (USER_HZ)
     * @param bootMillis when the machine booted, epoch milliseconds
     */
    LinuxProcesses(Path proc, long hz, long pageSize, long bootMillis) {
        this.proc = proc;
        this.hz = hz;
        this.pageSize = pageSize;
        this.bootMillis = bootMillis;
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    @Override
    public synchronized List<TopProcesses.Snapshot> get() {
        List<TopProcesses.Snapshot> out = new ArrayList<>(lastCount + 16);
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc)) {
            for (Path entry : dir) {
                int pid = pid(entry.getFileName().toString());
                if (pid < 0) {
                    continue;
                }
                int n;
                try (FileInputStream in = new FileInputStream(entry.resolve("stat").toFile())) {
                    n = in.readNBytes(buffer, 0, buffer.length);
                } catch (IOException gone) {
                    continue; // the process ended while we looked
                }
                TopProcesses.Snapshot s = parse(pid, buffer, n, hz, pageSize, bootMillis);
                if (s != null) {
                    out.add(s);
                }
            }
        } catch (IOException e) {
            return out;
        }
        lastCount = out.size();
        return out;
    }

    private static int pid(String name) {
        if (name.isEmpty() || name.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Parses {@code pid (comm) state ppid ...}: the name is between the first '(' and the last ')'
     * (it may itself hold spaces and parentheses); after it, field 14 is utime, 15 stime, 22 the
     * start time in ticks since boot and 24 the resident size in pages (proc(5)). Null when the
     * text is not such a line.
     */
    static TopProcesses.Snapshot parse(int pid, byte[] stat, int length, long hz, long pageSize, long bootMillis) {
        int open = -1;
        int close = -1;
        for (int i = 0; i < length; i++) {
            if (stat[i] == '(' && open < 0) {
                open = i;
            } else if (stat[i] == ')') {
                close = i;
            }
        }
        if (open < 0 || close < open) {
            return null;
        }
        String name = new String(stat, open + 1, close - open - 1, StandardCharsets.UTF_8);
        // Fields after the name, numbered as in proc(5): the state is field 3.
        long utime = -1;
        long stime = -1;
        long start = -1;
        long rss = -1;
        int field = 3;
        int i = close + 2;
        while (i < length && field <= 24) {
            int end = i;
            while (end < length && stat[end] != ' ' && stat[end] != '\n') {
                end++;
            }
            if (field == 14 || field == 15 || field == 22 || field == 24) {
                long v = number(stat, i, end);
                switch (field) {
                    case 14 -> utime = v;
                    case 15 -> stime = v;
                    case 22 -> start = v;
                    default -> rss = v;
                }
            }
            field++;
            i = end + 1;
        }
        if (utime < 0 || stime < 0 || start < 0 || rss < 0 || hz <= 0) {
            return null;
        }
        return new TopProcesses.Snapshot(pid, name, (utime + stime) * 1000 / hz, rss * pageSize, bootMillis + start * 1000 / hz);
    }

    private static long number(byte[] b, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long v = 0;
        boolean negative = b[from] == '-';
        for (int i = negative ? from + 1 : from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return negative ? 0 : v;
    }
}
