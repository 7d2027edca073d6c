package io.steward.bench.agents;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.steward.bench.servicedesk.Latencies;

/** The stream mode's report; its last line is {@code samples_per_sec=… p99_ms=… errors=… …} for scripts. */
final class StreamReport {
    private StreamReport() {
    }

    static void print(StreamSimulator.Result r, StreamSimulator.Settings s, PrintStream out) {
        StreamLoad load = s.load();
        double offered = load.offeredSamplesPerSecond();
        out.printf(Locale.ROOT, "connections: %d opened (the first attempt of each over the ramp: %.1f s), %d devices enrolled in %.1f s%n",
                r.connected(), r.rampSeconds(), r.enrolled(), r.enrollSeconds());
        Latencies w = r.welcomeLatency();
        out.printf(Locale.ROOT, "connect → welcome ms: p50 %s p99 %s max %s (n=%d)%n", ms(w.percentileMs(50)), ms(w.percentileMs(99)),
                ms(w.maxMs()), w.count());
        out.printf(Locale.ROOT, "measured window: %.1f s; batches sent in it %d, acknowledged in it %d; breaching values made %d%n",
                r.measuredSeconds(), r.batchesSent(), r.batchesAcked(), r.breachingValues());
        double delivered = offered == 0 ? 0 : 100 * r.samplesPerSecond() / offered;
        out.printf(Locale.ROOT, "samples/s acknowledged (durable): %.0f of %.0f offered (%.0f %%)%n", r.samplesPerSecond(), offered, delivered);
        if (delivered < 95) {
            out.printf(Locale.ROOT, "WARNING: only %.0f %% of the offered load was acknowledged in the window (see missed batches, busy and the "
                    + "schedule lag below)%n", delivered);
        }
        out.printf(Locale.ROOT, "whole run: busy %d, refused %d, resent %d, already stored %d, samples rejected %d, unanswered at the end %d, "
                + "heartbeats acknowledged %d (%d on the streams, of which %d sent the device to v1 for its plan; v1 over %d connections "
                + "opened for them)%n", r.busy(), r.refused(), r.resent(), r.alreadyStored(), r.rejectedSamples(), r.unansweredAtEnd(),
                r.heartbeatsAcked(), r.streamHeartbeats(), r.planFetches(), r.heartbeatConnections());
        out.printf(Locale.ROOT, "samples not offered in the window: %d (device not connected), %d (window of %d full)%n", r.missedNotConnected(),
                r.missedWindowFull(), load.window());
        out.println("errors: " + joined(r.errors()));
        out.println("connection failures: " + joined(r.connectionFailures()));
        Latencies l = r.ackLatency();
        out.printf(Locale.ROOT, "ack latency ms (send → ack, in the window): p50 %s p95 %s p99 %s max %s (n=%d)%n", ms(l.percentileMs(50)),
                ms(l.percentileMs(95)), ms(l.percentileMs(99)), ms(l.maxMs()), l.count());
        Latencies lag = r.scheduleLag();
        out.printf(Locale.ROOT, "send behind schedule ms: p50 %s p99 %s max %s%n", ms(lag.percentileMs(50)), ms(lag.percentileMs(99)),
                ms(lag.maxMs()));
        double window = r.measuredSeconds();
        long samples = r.samplesAcked();
        out.printf(Locale.ROOT, "CPU in the window (s; %% of one core; µs per acknowledged sample): simulator %.2f (%.1f %%, %s µs), "
                        + "server %s, PostgreSQL %s; simulator peak RSS %d MiB%n", r.simulatorCpu(), 100 * r.simulatorCpu() / window,
                perSample(r.simulatorCpu(), samples), cpu(r.serverCpu(), window, samples), cpu(r.postgresCpu(), window, samples),
                r.simulatorPeakRssKib() / 1024);
        java.util.List<String> unsustained = r.unsustained(offered);
        out.printf(Locale.ROOT, "verdict at %.0f samples/s offered: %s; last answer %.1f s after sending stopped%n", offered,
                unsustained.isEmpty() ? "sustained (≥ 97 % acknowledged, no error, drained within 2 s)"
                        : "NOT sustained (" + String.join(", ", unsustained) + ")", r.drainSeconds());
        long sent = r.batchesSent() * load.samplesPerBatch();
        out.printf(Locale.ROOT, "simulator CPU per sample sent in the window (%d): %s µs%n", sent, perSample(r.simulatorCpu(), sent));
        out.printf(Locale.ROOT, "samples_per_sec=%.0f p99_ms=%s errors=%d sim_us_per_sample=%s server_us_per_sample=%s pg_us_per_sample=%s "
                        + "server_cpu_pct=%s pg_cpu_pct=%s sim_cpu_pct=%.1f sim_us_per_sent_sample=%s sustained=%s%n", r.samplesPerSecond(), ms(l.percentileMs(99)),
                r.errorCount(), perSample(r.simulatorCpu(), samples), perSample(r.serverCpu(), samples), perSample(r.postgresCpu(), samples),
                pct(r.serverCpu(), window), pct(r.postgresCpu(), window), 100 * r.simulatorCpu() / window, perSample(r.simulatorCpu(), sent),
                unsustained.isEmpty() ? "yes" : "no");
    }

    private static String cpu(double seconds, double window, long samples) {
        if (Double.isNaN(seconds)) {
            return "unknown (--server-pid, --server-home)";
        }
        return String.format(Locale.ROOT, "%.2f (%.1f %%, %s µs)", seconds, 100 * seconds / window, perSample(seconds, samples));
    }

    private static String perSample(double seconds, long samples) {
        return Double.isNaN(seconds) || samples == 0 ? "NaN" : String.format(Locale.ROOT, "%.2f", seconds * 1e6 / samples);
    }

    private static String pct(double seconds, double window) {
        return Double.isNaN(seconds) ? "NaN" : String.format(Locale.ROOT, "%.1f", 100 * seconds / window);
    }

    private static String joined(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String ms(double v) {
        return AgentsCommand.ms(v);
    }
}
