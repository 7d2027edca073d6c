package io.steward.agent.backup;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.steward.agent.patch.Commands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Streaming a listing whole in constant memory, and choosing the restore test's candidates uniformly from it. */
class LineStreamTest {
    @Test
    void aLongListingIsStreamedWholeLineByLine() {
        AtomicLong count = new AtomicLong();
        AtomicLong last = new AtomicLong();
        Commands.Output out = LineStream.run(List.of("seq", "1", "300000"), Map.of(), Duration.ofMinutes(1), line -> {
            count.incrementAndGet();
            last.set(Long.parseLong(line));
        });
        assertThat(out.exitCode()).isZero();
        // ~2 MB of output: more than a bounded buffer would keep, read to its last line
        assertThat(count.get()).isEqualTo(300000);
        assertThat(last.get()).isEqualTo(300000);
    }

    @Test
    void overlongLinesAreSkippedAndTheLastLineWithoutNewlineCounts() throws Exception {
        String text = "first\n" + "x".repeat(LineStream.MAX_LINE + 1) + "\nsecond\nlast";
        List<String> lines = new ArrayList<>();
        LineStream.lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), lines::add);
        assertThat(lines).containsExactly("first", "second", "last");
    }

    @Test
    void aProgramThatDoesNotEndIsKilledAtTheTimeout() {
        long started = System.nanoTime();
        Commands.Output out = LineStream.run(List.of("sleep", "30"), Map.of(), Duration.ofSeconds(1), line -> { });
        assertThat(out.exitCode()).isEqualTo(-1);
        assertThat(out.stderr()).contains("sleep killed after 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        // A program that is not installed: 127 from nice (or no start at all without nice) reads as "unknown", not as a failed backup.
        Commands.Output missing = LineStream.run(List.of("no-such-program-steward"), Map.of(), Duration.ofSeconds(5), line -> { });
        assertThat(Restic.resultOf(missing.exitCode(), missing.stderr())).isEqualTo(io.steward.protocol.backup.BackupMessages.RESULT_UNKNOWN);
        assertThat(Borg.resultOf(missing.exitCode(), missing.stderr())).isEqualTo(io.steward.protocol.backup.BackupMessages.RESULT_UNKNOWN);
    }

    @Test
    void theReservoirChoosesUniformlyFromTheWholeListing() {
        int[] chosen = new int[10];
        SplittableRandom random = new SplittableRandom(42);
        for (int run = 0; run < 5000; run++) {
            RestoreRun.Reservoir r = new RestoreRun.Reservoir(3, random);
            for (int i = 0; i < 10; i++) {
                r.offer(new BackupTool.Entry("/f" + i, 1, 0));
            }
            Set<String> distinct = new HashSet<>();
            r.items.forEach(e -> distinct.add(e.path()));
            assertThat(distinct).hasSize(3);
            r.items.forEach(e -> chosen[Integer.parseInt(e.path().substring(2))]++);
        }
        // each file is chosen with probability 3/10: 1500 of 5000 runs, the last ones as often as the first
        for (int count : chosen) {
            assertThat(count).isBetween(1350, 1650);
        }
    }
}
