package io.steward.bench.agents;

import io.steward.protocol.stream.StreamProtocol;

/**
 * The open-loop arithmetic of the stream mode. Every device samples each of its {@code metrics} series once a
 * {@code interval} (a "round") and sends {@code roundsPerBatch} rounds in one batch, so a device sends a batch every
 * {@code interval × roundsPerBatch} seconds and the fleet offers {@code agents × metrics / interval} samples/s. The
 * devices' batches are spread evenly over that period (device i at {@code i/agents} of it), so the server sees a
 * steady stream, not a burst each period. A batch's samples carry the times they were taken: round r at
 * {@code baseAt + r × interval}, the last round being "now", as an agent that collects often and sends less often does.
 *
 * <p>Why rounds per batch rather than only a shorter interval: a batch costs the server a fixed amount (one frame, one
 * acknowledgement, its share of a commit) beside the per-sample cost, so 10,000 devices × 20 series at ~150,000/s as
 * one round per batch would be 7,500 frames/s of 20 samples; 5 rounds per batch make it 1,500 frames/s of 100 samples,
 * closer to what agents that batch do, and still sample every series at the same rate.
 *
 * @param agents         devices, each with its own connection
 * @param metrics        series per device (declared once per connection)
 * @param intervalSeconds seconds between two samples of one series
 * @param roundsPerBatch rounds of all series in one batch
 * @param window         batches one connection may have sent and not yet had answered
 */
record StreamLoad(int agents, int metrics, double intervalSeconds, int roundsPerBatch, int window) {

    StreamLoad {
        if (agents < 1 || metrics < 1 || metrics > StreamProtocol.MAX_SERIES || roundsPerBatch < 1 || window < 1 || window > 1024) {
            throw new IllegalArgumentException("agents ≥ 1, 1 ≤ metrics ≤ " + StreamProtocol.MAX_SERIES + ", rounds per batch ≥ 1, "
                    + "1 ≤ window ≤ 1024");
        }
        if (!(intervalSeconds >= 0.001) || Double.isInfinite(intervalSeconds)) {
            throw new IllegalArgumentException("the interval is at least 1 ms (samples carry millisecond times), got " + intervalSeconds);
        }
        if ((long) metrics * roundsPerBatch > StreamProtocol.MAX_SAMPLES) {
            throw new IllegalArgumentException("metrics × rounds per batch = " + (long) metrics * roundsPerBatch + " samples in a batch; "
                    + "the protocol allows " + StreamProtocol.MAX_SAMPLES);
        }
        if ((roundsPerBatch - 1) * Math.round(intervalSeconds * 1000) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch spans more time than its offsets can say");
        }
    }

    /** The interval that makes the fleet offer {@code samplesPerSecond} in total ({@code --rate}). */
    static double intervalFor(int agents, int metrics, double samplesPerSecond) {
        if (!(samplesPerSecond > 0)) {
            throw new IllegalArgumentException("the rate is a positive number of samples/s, got " + samplesPerSecond);
        }
        return (double) agents * metrics / samplesPerSecond;
    }

    int samplesPerBatch() {
        return metrics * roundsPerBatch;
    }

    double batchPeriodSeconds() {
        return intervalSeconds * roundsPerBatch;
    }

    long batchPeriodNanos() {
        return Math.max(1, Math.round(batchPeriodSeconds() * 1e9));
    }

    double offeredSamplesPerSecond() {
        return agents * (double) metrics / intervalSeconds;
    }

    double batchesPerSecond() {
        return agents / batchPeriodSeconds();
    }

    int intervalMillis() {
        return (int) Math.round(intervalSeconds * 1000);
    }

    /** When device {@code i} sends within each period, from the period's start: the devices spread evenly over it. */
    long phaseNanos(int device) {
        return (long) ((double) batchPeriodNanos() * device / agents);
    }

    /** The batch's series column, the same for every batch: round by round, series 0 … metrics-1. */
    int[] seriesColumn() {
        int[] s = new int[samplesPerBatch()];
        for (int i = 0; i < s.length; i++) {
            s[i] = i % metrics;
        }
        return s;
    }

    /** The batch's offsets column (ms after the batch's base time), the same for every batch: round r at r × interval. */
    int[] offsetsColumn() {
        int[] o = new int[samplesPerBatch()];
        int step = intervalMillis();
        for (int i = 0; i < o.length; i++) {
            o[i] = (i / metrics) * step;
        }
        return o;
    }

    /** The base time of a batch sent at {@code nowMillis}: its first round's, so that its last round is now. */
    long baseAt(long nowMillis) {
        return nowMillis - (long) (roundsPerBatch - 1) * intervalMillis();
    }
}
