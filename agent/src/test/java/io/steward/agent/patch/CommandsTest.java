package io.steward.agent.patch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.steward.protocol.patch.PatchMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scan's child processes with real programs: niced, their environment, their cost, and a timeout that kills. */
class CommandsTest {
    @Test
    void scansRunNicedAndInstallsDoNot() {
        Commands c = new Commands(Map.of());
        int base = Integer.parseInt(c.run(List.of("nice"), Duration.ofSeconds(10), false).stdout().strip());
        assertThat(Integer.parseInt(c.run(List.of("nice"), Duration.ofSeconds(10)).stdout().strip())).isEqualTo(Math.min(19, base + 10));
    }

    @Test
    void theEnvironmentIsAddedAndTheLocaleFixed() {
        Commands.Output o = new Commands(Map.of("APT_CONFIG", "/srv/apt.conf")).run(List.of("sh", "-c", "echo \"$APT_CONFIG $LC_ALL\"; echo oops >&2; exit 3"),
                Duration.ofSeconds(10));
        assertThat(o.exitCode()).isEqualTo(3);
        assertThat(o.stdout()).isEqualTo("/srv/apt.conf C\n");
        assertThat(o.lastError()).isEqualTo("oops");
    }

    @Test
    void theCostOfTheChildrenIsMeasuredAndTakenOnce() {
        Commands c = new Commands(Map.of());
        // A shell busy for a while, and a child of it holding some memory.
        Commands.Output o = c.run(List.of("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo $i"), Duration.ofSeconds(60));
        assertThat(o.stdout().strip()).isEqualTo("300000");
        PatchMessages.Cost cost = c.takeCost();
        assertThat(cost.wallMillis()).isPositive();
        assertThat(cost.cpuMillis()).isPositive().isLessThanOrEqualTo(cost.wallMillis() + 50);
        assertThat(cost.maxRssKib()).isPositive();
        assertThat(c.takeCost()).isEqualTo(new PatchMessages.Cost(0, 0, 0));
    }

    @Test
    void aProgramThatOutlivesItsTimeoutIsKilledAndAMissingOneFails() {
        Commands c = new Commands(Map.of());
        long t0 = System.nanoTime();
        assertThat(c.run(List.of("sleep", "60"), Duration.ofMillis(300)).exitCode()).isEqualTo(-1);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
        Commands.Output missing = c.run(List.of("/nonexistent/apt-get"), Duration.ofSeconds(5), false);
        assertThat(missing.exitCode()).isEqualTo(-1);
        assertThat(missing.lastError()).startsWith("cannot start /nonexistent/apt-get");
    }
}
