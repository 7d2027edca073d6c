package io.steward.agent.collect;

import java.util.ArrayList;
import java.util.List;

import io.steward.protocol.Messages.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopProcessesTest {

    private static TopProcesses.Snapshot p(int pid, String name, long cpuMillis, long rss, long start) {
        return new TopProcesses.Snapshot(pid, name, cpuMillis, rss, start);
    }

    @Test
    void reportsTheTopFiveByCpuShareAndMemoryAddingUpProcessesOfOneName() {
        List<List<TopProcesses.Snapshot>> readings = new ArrayList<>();
        List<TopProcesses.Snapshot> first = new ArrayList<>();
        List<TopProcesses.Snapshot> second = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            first.add(p(i, "proc" + i, 1_000, i * 1_000_000L, 0));
            second.add(p(i, "proc" + i, 1_000 + i * 100L, i * 1_000_000L, 0));
        }
        // Two "java" processes: 2 s and 1 s of CPU in the 10 s round, 300 + 200 MB.
        first.add(p(20, "java", 5_000, 300_000_000L, 0));
        first.add(p(21, "java", 5_000, 200_000_000L, 0));
        second.add(p(20, "java", 7_000, 300_000_000L, 0));
        second.add(p(21, "java", 6_000, 200_000_000L, 0));
        // Started during the round: all its CPU time is new.
        second.add(p(30, "backup", 1_500, 1_000L, 5_000));
        // Pid 1 reused by a program started during the round: its own time counts, not the difference.
        second.set(0, p(1, "reused", 500, 1_000L, 6_000));
        // Running since before the round but not seen at its start: no honest figure, so no CPU share.
        second.add(p(40, "old", 99_999, 1_000L, 500));
        readings.add(first);
        readings.add(second);
        TopProcesses top = new TopProcesses(() -> readings.removeFirst(), 2, 1_000);

        List<Sample> samples = top.collect(11_000);
        // 2 cores over 10 s = 20 s of CPU time in all: java used 3 s = 15 %, backup 1.5 s = 7.5 %, proc8 0.8 s = 4 %.
        assertThat(samples).filteredOn(s -> s.metric().equals("process.cpu_pct")).extracting(Sample::instance, Sample::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("java", 15.0), org.assertj.core.groups.Tuple.tuple("backup", 7.5),
                        org.assertj.core.groups.Tuple.tuple("proc8", 4.0), org.assertj.core.groups.Tuple.tuple("proc7", 3.5),
                        org.assertj.core.groups.Tuple.tuple("proc6", 3.0));
        assertThat(samples).noneSatisfy(s -> assertThat(s.instance()).isEqualTo("old"));
        assertThat(samples).filteredOn(s -> s.metric().equals("process.memory_bytes")).extracting(Sample::instance, Sample::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("java", 500_000_000.0), org.assertj.core.groups.Tuple.tuple("proc8", 8_000_000.0),
                        org.assertj.core.groups.Tuple.tuple("proc7", 7_000_000.0), org.assertj.core.groups.Tuple.tuple("proc6", 6_000_000.0),
                        org.assertj.core.groups.Tuple.tuple("proc5", 5_000_000.0));
        assertThat(samples).allSatisfy(s -> assertThat(s.unit()).isIn("pct", "bytes")).allSatisfy(s -> assertThat(s.at()).isEqualTo(11_000));
    }

    @Test
    void readsNameCpuStartAndMemoryFromProcStatEvenWithAnAwkwardName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path proc) throws Exception {
        // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        //          priority nice threads itrealvalue starttime vsize rss ...
        String stat = "4242 (tmux: a) (b)) S 1 4242 4242 0 -1 4194560 10 0 0 0 150 50 0 0 20 0 1 0 3000 10000000 256 18446744073709551615\n";
        java.nio.file.Files.createDirectories(proc.resolve("4242"));
        java.nio.file.Files.writeString(proc.resolve("4242/stat"), stat);
        java.nio.file.Files.createDirectories(proc.resolve("self"));
        java.nio.file.Files.writeString(proc.resolve("self/stat"), stat);
        java.nio.file.Files.createDirectories(proc.resolve("77"));
        java.nio.file.Files.writeString(proc.resolve("77/stat"), "garbage");
        java.nio.file.Files.createDirectories(proc.resolve("78")); // ended before its stat could be read

        List<TopProcesses.Snapshot> all = new LinuxProcesses(proc, 100, 4096, 1_000_000).get();
        // 200 ticks of CPU at 100 Hz = 2 s; started 3000 ticks = 30 s after boot; 256 pages of 4 KiB.
        assertThat(all).containsExactly(new TopProcesses.Snapshot(4242, "tmux: a) (b)", 2_000, 256 * 4096L, 1_030_000));
    }

    @Test
    void readsThisMachinesProcessesWhereThereIsAProcFileSystem() {
        if (!LinuxProcesses.available()) {
            return; // like dpkg in CollectorsTest: only where the OS has it (the agent falls back to OSHI elsewhere)
        }
        List<TopProcesses.Snapshot> all = new LinuxProcesses(java.nio.file.Path.of("/proc"), 100, 4096, 0).get();
        int self = (int) ProcessHandle.current().pid();
        assertThat(all).anySatisfy(p -> {
            assertThat(p.pid()).isEqualTo(self);
            assertThat(p.name()).isNotBlank();
            assertThat(p.cpuMillis()).isPositive();
            assertThat(p.residentBytes()).isPositive();
        });
    }
}
