package io.steward.server.alerting.internal;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.server.shared.ClientId;

/**
 * Decides whether an alert is part of an alert storm: a client whose devices raised at least {@code threshold} alerts
 * within the last minute (this one included) is in a storm, and its new alerts are grouped into one incident instead of
 * opening one each. A flood (a power cut across a site, a bad rollout, a monitoring mistake) then gives the desk one
 * ticket to work instead of thousands, while every alert is still recorded with its device and value. Counted per
 * second over a sliding minute, so the cost is the same at ten alerts a minute or ten thousand a second.
 * Thread-safe: each client's counter is used under its own monitor.
 */
public final class AlertStorms {
    private static final int SECONDS = 60;

    private final int threshold;
    private final ConcurrentHashMap<ClientId, Minute> clients = new ConcurrentHashMap<>();

    /** @param threshold alerts per client per minute from which on new alerts are grouped */
    public AlertStorms(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        this.threshold = threshold;
    }

    /** Counts an alert of the client raised at {@code at}; true when it belongs to a storm (is grouped). */
    public boolean raised(ClientId client, Instant at) {
        Minute minute = clients.computeIfAbsent(client, c -> new Minute());
        synchronized (minute) {
            return minute.add(at.getEpochSecond()) >= threshold;
        }
    }

    /** Alerts a second over the last minute, in a ring of per-second counts. */
    private static final class Minute {
        private final long[] second = new long[SECONDS];
        private final int[] count = new int[SECONDS];
        private int total;

        int add(long epochSecond) {
            long oldest = epochSecond - SECONDS + 1;
            total = 0;
            for (int i = 0; i < SECONDS; i++) {
                if (second[i] < oldest || second[i] > epochSecond) {
                    // Out of the minute (or from a clock that went back): forgotten.
                    count[i] = 0;
                    second[i] = Long.MIN_VALUE;
                }
                total += count[i];
            }
            int slot = (int) Math.floorMod(epochSecond, SECONDS);
            if (second[slot] != epochSecond) {
                second[slot] = epochSecond;
                count[slot] = 0;
            }
            count[slot]++;
            return ++total;
        }
    }
}
