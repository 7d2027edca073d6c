package io.steward.agent;

import java.time.Duration;

import io.steward.protocol.Messages;

/**
 * How often the agent sends heartbeats and metrics. The server decides both (the heartbeat
 * answer carries them); a metrics interval given on the command line pins that one. Values from
 * the server are kept within {@link #MIN} and {@link #MAX}, so a broken answer cannot make the
 * agent spin or fall silent for good.
 */
record Cadence(Duration heartbeat, Duration metrics) {
    static final Duration MIN = Duration.ofSeconds(5);
    static final Duration MAX = Duration.ofDays(1);

    /** The cadence after a heartbeat answer; what the answer does not say stays as it was. */
    Cadence after(Messages.HeartbeatResponse answer, Integer pinnedMetricsSeconds) {
        Duration nextHeartbeat = answer.heartbeatSeconds() > 0 ? bounded(answer.heartbeatSeconds()) : heartbeat;
        Duration nextMetrics = metrics;
        if (pinnedMetricsSeconds != null) {
            nextMetrics = Duration.ofSeconds(pinnedMetricsSeconds);
        } else if (answer.monitoring() != null && answer.monitoring().metricsSeconds() > 0) {
            nextMetrics = bounded(answer.monitoring().metricsSeconds());
        }
        return new Cadence(nextHeartbeat, nextMetrics);
    }

    private static Duration bounded(int seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MIN) < 0 ? MIN : d.compareTo(MAX) > 0 ? MAX : d;
    }
}
