package io.steward.bench.agents;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stream mode's counters, updated by the scheduler and by the connections' listeners. Rates and latencies count
 * over the measured window only: a sample counts as durable when its acknowledgement arrives inside the window
 * (whenever it was sent), so the rate is what the server committed during the window. Errors, refusals and connection
 * failures count over the whole run (ramp, window and the drain at the end): an error is one whenever it happens.
 */
final class StreamStats {
    private final PrintStream log;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long end = Long.MAX_VALUE;

    final LongAdder batchesSent = new LongAdder();
    final LongAdder batchesAcked = new LongAdder();
    final LongAdder samplesAcked = new LongAdder();
    final LongAdder samplesAckedAll = new LongAdder();
    final LongAdder alreadyStored = new LongAdder();
    final LongAdder busy = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder resent = new LongAdder();
    final LongAdder rejectedSamples = new LongAdder();
    final LongAdder connectionsOpened = new LongAdder();
    final LongAdder missedNotConnected = new LongAdder();
    final LongAdder missedWindowFull = new LongAdder();
    /** Heartbeats answered: over v1 (including plan fetches) and on the streams. */
    final LongAdder heartbeatsAcked = new LongAdder();
    /** Of those, answered on the streams ({@code Status}). */
    final LongAdder streamHeartbeats = new LongAdder();
    /** Stream heartbeats whose plan digest sent the device to v1 for its plan. */
    final LongAdder planFetches = new LongAdder();
    final LongAdder heartbeatConnections = new LongAdder();
    final LatencyLog ackLatency = new LatencyLog();
    final LatencyLog welcomeLatency = new LatencyLog();
    final LatencyLog scheduleLag = new LatencyLog();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> connectionFailures = new ConcurrentHashMap<>();
    private final Set<String> explained = ConcurrentHashMap.newKeySet();

    StreamStats(PrintStream log) {
        this.log = log;
    }

    void window(long measureFromNanos, long endNanos) {
        this.measureFrom = measureFromNanos;
        this.end = endNanos;
    }

    /** Ends the run now if it has not ended yet (a failure or an interrupt): the scheduler and heartbeats stop. */
    void endNow() {
        end = Math.min(end, System.nanoTime());
    }

    boolean inWindow(long nanos) {
        return nanos >= measureFrom && nanos <= end;
    }

    long end() {
        return end;
    }

    /** An acknowledgement of a batch last sent at {@code sentNanos}. */
    void acked(long sentNanos, long nowNanos, int accepted, boolean again, int rejected) {
        if (again) {
            alreadyStored.increment();
        }
        if (rejected > 0) {
            rejectedSamples.add(rejected);
            error("rejected-samples", "a batch had " + rejected + " samples refused");
        }
        samplesAckedAll.add(accepted);
        if (inWindow(nowNanos)) {
            batchesAcked.increment();
            samplesAcked.add(accepted);
            ackLatency.add(nowNanos - sentNanos);
        }
    }

    /** An error of {@code kind}; the first of each kind is logged with {@code detail}. */
    void error(String kind, String detail) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (explained.add(kind)) {
            log.println("first " + kind + ": " + detail);
        }
    }

    /** A connection that could not be opened or authenticated, or that the server or the network closed. */
    void connectionFailed(String kind, String detail) {
        connectionFailures.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (explained.add("connection " + kind)) {
            log.println("first connection failure " + kind + ": " + detail);
        }
    }

    Map<String, Long> errors() {
        return snapshot(errors);
    }

    Map<String, Long> connectionFailures() {
        return snapshot(connectionFailures);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
