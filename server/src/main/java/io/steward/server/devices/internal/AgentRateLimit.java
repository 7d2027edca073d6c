package io.steward.server.devices.internal;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.server.devices.DevicesProperties;
import io.steward.server.shared.DeviceId;
import org.springframework.stereotype.Component;

/**
 * Per-device token buckets for signed agent requests, in memory (each node limits on its own).
 * Buckets that have filled up again are forgotten, so the map holds only devices that sent
 * recently.
 */
@Component
class AgentRateLimit {
    private static final int SWEEP_ABOVE = 10_000;

    private final ConcurrentHashMap<DeviceId, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Clock clock;
    private final double perSecond;
    private final int burst;

    AgentRateLimit(Clock clock, DevicesProperties properties) {
        this.clock = clock;
        this.perSecond = properties.agentRequestsPerSecond();
        this.burst = properties.agentRequestBurst();
    }

    /** 0 when the device may send now, else the milliseconds until it may. */
    long take(DeviceId device) {
        long now = clock.millis();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().full(now);
                }
            });
        }
        TokenBucket bucket = buckets.computeIfAbsent(device, d -> new TokenBucket(perSecond, burst, now));
        synchronized (bucket) {
            return bucket.take(now);
        }
    }
}
