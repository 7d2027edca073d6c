package io.steward.bench.agents;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StreamLoadTest {

    @Test
    void shapeAPrimeOffersTheRateAskedForInBatchesOfSeveralRounds() {
        // 10,000 devices × 20 series at 150,000 samples/s in total: each series sampled every 1.333 s, 5 rounds a batch.
        double interval = StreamLoad.intervalFor(10_000, 20, 150_000);
        StreamLoad load = new StreamLoad(10_000, 20, interval, 5, 4);

        assertThat(interval).isCloseTo(4.0 / 3, within(1e-9));
        assertThat(load.offeredSamplesPerSecond()).isCloseTo(150_000, within(1e-6));
        assertThat(load.samplesPerBatch()).isEqualTo(100);
        assertThat(load.batchPeriodSeconds()).isCloseTo(20.0 / 3, within(1e-9));
        assertThat(load.batchesPerSecond()).isCloseTo(1_500, within(1e-6));
        assertThat(load.batchesPerSecond() * load.samplesPerBatch()).isCloseTo(load.offeredSamplesPerSecond(), within(1e-6));
    }

    @Test
    void shapeBPrimeIsOneRoundEveryMinute() {
        StreamLoad load = new StreamLoad(20_000, 30, 60, 1, 4);

        assertThat(load.offeredSamplesPerSecond()).isCloseTo(10_000, within(1e-9));
        assertThat(load.batchesPerSecond()).isCloseTo(333.33, within(0.01));
        assertThat(load.samplesPerBatch()).isEqualTo(30);
        assertThat(load.offsetsColumn()).containsOnly(0);
        assertThat(load.baseAt(1_000_000)).isEqualTo(1_000_000);
    }

    @Test
    void theColumnsAreRoundByRoundAndTheLastRoundIsNow() {
        StreamLoad load = new StreamLoad(3, 4, 1.5, 3, 2);

        assertThat(load.seriesColumn()).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
        assertThat(load.offsetsColumn()).containsExactly(0, 0, 0, 0, 1500, 1500, 1500, 1500, 3000, 3000, 3000, 3000);
        long now = 1_700_000_000_000L;
        long base = load.baseAt(now);
        assertThat(base + load.offsetsColumn()[load.samplesPerBatch() - 1]).isEqualTo(now);
        assertThat(base).isEqualTo(now - 3000);
    }

    @Test
    void theDevicesSpreadEvenlyOverTheBatchPeriod() {
        StreamLoad load = new StreamLoad(4, 10, 2, 2, 1);

        assertThat(load.batchPeriodNanos()).isEqualTo(4_000_000_000L);
        assertThat(load.phaseNanos(0)).isZero();
        assertThat(load.phaseNanos(1)).isEqualTo(1_000_000_000L);
        assertThat(load.phaseNanos(3)).isEqualTo(3_000_000_000L);
        for (int i = 1; i < 4; i++) {
            assertThat(load.phaseNanos(i)).isGreaterThan(load.phaseNanos(i - 1)).isLessThan(load.batchPeriodNanos());
        }
    }

    @Test
    void loadsTheProtocolCannotCarryAreRefusedUpFront() {
        assertThatThrownBy(() -> new StreamLoad(1, 100, 1, 51, 4)).hasMessageContaining("5000");
        assertThatThrownBy(() -> new StreamLoad(1, 4097, 1, 1, 4)).hasMessageContaining("4096");
        assertThatThrownBy(() -> new StreamLoad(1, 10, 0.0001, 1, 4)).hasMessageContaining("1 ms");
        assertThatThrownBy(() -> new StreamLoad(0, 10, 1, 1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamLoad(1, 10, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamLoad.intervalFor(10, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new StreamLoad(1, 100, 1, 50, 4).samplesPerBatch()).isEqualTo(5000);
    }
}
