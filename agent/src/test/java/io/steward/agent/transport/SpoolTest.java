package io.steward.agent.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    private static byte[] bytes(int n) {
        return "x".repeat(n).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void returnsBatchesOldestFirstWithTheirBodies() {
        Spool spool = new Spool(dir, 1000, Duration.ofDays(7), clock);
        spool.add("metrics", 12, "b".getBytes(StandardCharsets.UTF_8));
        spool.add("inventory", 3, "a".getBytes(StandardCharsets.UTF_8));
        spool.add("metrics", 100, "c".getBytes(StandardCharsets.UTF_8));
        assertThat(spool.entries()).extracting(Spool.Entry::seq).containsExactly(3L, 12L, 100L);
        assertThat(spool.entries().getFirst().kind()).isEqualTo("inventory");
        assertThat(new String(spool.entries().getFirst().body(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(spool.dropped()).isZero();
    }

    @Test
    void dropsTheOldestWhenOverTheByteBoundAndCountsIt() {
        Spool spool = new Spool(dir, 250, Duration.ofDays(7), clock);
        spool.add("metrics", 1, bytes(100));
        spool.add("metrics", 2, bytes(100));
        spool.add("metrics", 3, bytes(100));
        assertThat(spool.entries()).extracting(Spool.Entry::seq).containsExactly(2L, 3L);
        assertThat(spool.totalBytes()).isEqualTo(200);
        assertThat(spool.dropped()).isEqualTo(1);
    }

    @Test
    void aBatchLargerThanTheWholeSpoolIsDroppedAtOnce() {
        Spool spool = new Spool(dir, 50, Duration.ofDays(7), clock);
        spool.add("metrics", 1, bytes(10));
        spool.add("metrics", 2, bytes(51));
        assertThat(spool.entries()).extracting(Spool.Entry::seq).containsExactly(1L);
        assertThat(spool.dropped()).isEqualTo(1);
    }

    @Test
    void dropsBatchesOlderThanTheAgeBound() {
        Spool spool = new Spool(dir, 1000, Duration.ofDays(7), clock);
        spool.add("metrics", 1, bytes(10));
        clock.advance(Duration.ofDays(3));
        spool.add("metrics", 2, bytes(10));
        clock.advance(Duration.ofDays(4).plusSeconds(1));
        assertThat(spool.entries()).extracting(Spool.Entry::seq).containsExactly(2L);
        assertThat(spool.dropped()).isEqualTo(1);
    }

    @Test
    void theDropCounterSurvivesARestartAndOnlyReportedDropsAreAcknowledged() {
        Spool spool = new Spool(dir, 1000, Duration.ofDays(7), clock);
        spool.addDropped(3);
        Spool reopened = new Spool(dir, 1000, Duration.ofDays(7), clock);
        assertThat(reopened.dropped()).isEqualTo(3);
        reopened.addDropped(2);
        reopened.acknowledgeDropped(3);
        assertThat(reopened.dropped()).isEqualTo(2);
    }
}
