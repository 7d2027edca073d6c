package io.steward.bench.agents;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.bench.servicedesk.Latencies;
import io.steward.protocol.AgentProtocol;

/**
 * Runs the simulated fleet: enrolls the devices through the enrollment token (bounded
 * concurrency), then every device sends one batch per interval, the devices' phases spread
 * evenly over the interval, for the duration. One virtual thread per device sleeps until its
 * next batch is due; at most {@code concurrency} requests are in flight (and so at most that many
 * connections are open). A batch counts as acknowledged only on a 2xx answer; 429 and 503 are
 * errors too, but the device waits as long as Retry-After says and resends the same batch (same
 * sequence number, so the server stores it once), as the real agent does. Each device also sends
 * heartbeats (at the server's interval unless told otherwise) from the same sequence counter;
 * they count as requests and errors but not as samples.
 */
public final class AgentSimulator {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final Pattern REJECTED_ANY = Pattern.compile("\"rejected\"\\s*:\\s*\\{\\s*\"");

    /** What to run; see the {@code agents} command for the meaning of each. */
    public record Settings(URI server, String enrollmentToken, String fingerprint, boolean insecure, int agents, int metrics,
                           double intervalSeconds, double durationSeconds, double warmupSeconds, double breach, int concurrency,
                           int enrollConcurrency, double heartbeatSeconds) {
        public Settings {
            if (agents < 1 || metrics < 1 || metrics > 5000 || intervalSeconds <= 0 || durationSeconds <= 0 || warmupSeconds < 0
                    || warmupSeconds >= durationSeconds || breach < 0 || breach > 1 || concurrency < 1 || enrollConcurrency < 1) {
                throw new IllegalArgumentException("agents ≥ 1, 1 ≤ metrics ≤ 5000, interval > 0, 0 ≤ warm-up < duration, "
                        + "0 ≤ breach ≤ 1, concurrencies ≥ 1");
            }
        }
    }

    /**
     * What a run did, counted over the measured window (after the warm-up).
     *
     * @param slotsMissed    batches not sent because the device was still waiting for an earlier answer (offered load not delivered)
     * @param errorsByStatus failed requests by HTTP status ("io" when unreachable, "rejected-items" for a 2xx batch with refused samples)
     */
    public record Result(int enrolled, double enrollSeconds, long batchesSent, long batchesAcknowledged, long heartbeatsAcknowledged,
                         long samplesAcknowledged,
                         double measuredSeconds, Map<String, Long> errorsByStatus, Latencies latencies, Latencies scheduleLag,
                         long breachingValues, long slotsMissed) {
        public double samplesPerSecond() {
            return samplesAcknowledged / measuredSeconds;
        }

        public long errors() {
            return errorsByStatus.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Settings settings;
    private final PrintStream log;
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();
    private final LatencyLog latencies = new LatencyLog();
    private final LatencyLog lag = new LatencyLog();
    private final java.util.Set<String> explained = ConcurrentHashMap.newKeySet();

    public AgentSimulator(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public Result run() throws InterruptedException {
        try (AgentChannel channel = new AgentChannel(settings.server(), settings.fingerprint(), settings.insecure())) {
            long enrollStart = System.nanoTime();
            List<SimulatedDevice> devices = enroll(channel);
            double enrollSeconds = (System.nanoTime() - enrollStart) / 1e9;
            log.printf("enrolled %d devices in %.1f s%n", devices.size(), enrollSeconds);
            return send(channel, devices, enrollSeconds);
        }
    }

    private List<SimulatedDevice> enroll(AgentChannel channel) throws InterruptedException {
        List<MetricProfile.Series> profile = MetricProfile.of(settings.metrics());
        int alertable = (int) profile.stream().filter(MetricProfile.Series::alertable).count();
        Breaches breaches = Breaches.forShare(settings.breach(), profile.size(), alertable, 3);
        String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        List<AgentChannel.Enrolled> enrolled = Enrollment.enroll(channel, settings.enrollmentToken(), settings.agents(),
                settings.enrollConcurrency(), run);
        List<SimulatedDevice> devices = new ArrayList<>(enrolled.size());
        for (int i = 0; i < enrolled.size(); i++) {
            devices.add(new SimulatedDevice(enrolled.get(i), profile, breaches, i * 7919L + run.hashCode()));
        }
        return devices;
    }

    private Result send(AgentChannel channel, List<SimulatedDevice> devices, double enrollSeconds) throws InterruptedException {
        long intervalNanos = (long) (settings.intervalSeconds() * 1e9);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        long measureFrom = start + (long) (settings.warmupSeconds() * 1e9);
        long end = start + (long) (settings.durationSeconds() * 1e9);
        // Fair: with barging, a device could wait for a permit for many intervals while others send again and again.
        Semaphore inFlight = new Semaphore(settings.concurrency(), true);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < devices.size(); i++) {
                SimulatedDevice d = devices.get(i);
                long phase = intervalNanos * i / devices.size();
                pool.submit(() -> {
                    deviceLoop(channel, d, start + phase, intervalNanos, measureFrom, end, inFlight);
                    return null;
                });
                double hb = settings.heartbeatSeconds() < 0 ? d.identity.heartbeatSeconds() : settings.heartbeatSeconds();
                if (hb > 0) {
                    long hbNanos = (long) (hb * 1e9);
                    long hbPhase = hbNanos * i / devices.size();
                    pool.submit(() -> {
                        heartbeatLoop(channel, d, start + hbPhase, hbNanos, measureFrom, end, inFlight);
                        return null;
                    });
                }
            }
        }
        Map<String, Long> byStatus = new TreeMap<>();
        errors.forEach((k, v) -> byStatus.put(k, v.sum()));
        long breaching = devices.stream().mapToLong(SimulatedDevice::breachingValues).sum();
        return new Result(devices.size(), enrollSeconds, sent.sum(), acknowledged.sum(), heartbeats.sum(), samples.sum(), (end - measureFrom) / 1e9, byStatus,
                latencies.summary(), lag.summary(), breaching, missed.sum());
    }

    private void deviceLoop(AgentChannel channel, SimulatedDevice d, long firstDue, long intervalNanos, long measureFrom, long end,
                            Semaphore inFlight) throws InterruptedException {
        long due = firstDue;
        while (due < end) {
            sleepUntil(due);
            byte[] batch = d.nextBatch(System.currentTimeMillis(), settings.intervalSeconds());
            boolean first = true;
            while (true) {
                inFlight.acquire();
                long sentAt = System.nanoTime();
                if (sentAt >= end) {
                    // Still queued for a permit when the run ended: not sent, so the run ends on time.
                    inFlight.release();
                    return;
                }
                if (first && sentAt >= measureFrom) {
                    // Includes the wait for an in-flight permit: a high lag means the server (or --concurrency) was the limit.
                    lag.add(sentAt - due);
                }
                first = false;
                AgentChannel.Answer a;
                try {
                    a = channel.post(AgentProtocol.METRICS_PATH, batch, d.identity.deviceId(), d.identity.key());
                } finally {
                    inFlight.release();
                }
                // Counted when sent and answered inside the measured window, so the rate is over exactly that window.
                boolean measured = sentAt >= measureFrom && System.nanoTime() <= end;
                if (measured) {
                    sent.increment();
                }
                if (a.ok()) {
                    if (measured) {
                        count(a);
                    }
                    break;
                }
                String status = a.status() < 0 ? "io" : Integer.toString(a.status());
                if (sentAt >= measureFrom) {
                    // Errors count even when answered after the end: a timeout at the end is still a timeout.
                    errors.computeIfAbsent(status, k -> new LongAdder()).increment();
                }
                if (explained.add(status)) {
                    log.println("first " + status + " answer: " + MiniJson.abbreviate(a.body()));
                }
                if (a.status() != 503 && a.status() != 429) {
                    // Anything else is not retried (a 4xx refuses the batch for good), like the real agent.
                    break;
                }
                long waitNanos = TimeUnit.SECONDS.toNanos(a.retryAfterSeconds() >= 0 ? Math.min(60, a.retryAfterSeconds()) : 1);
                if (System.nanoTime() + waitNanos >= end) {
                    break;
                }
                sleepUntil(System.nanoTime() + waitNanos);
            }
            due += intervalNanos;
            long now = System.nanoTime();
            if (due < now) {
                // A device that fell behind (slow answers, Retry-After) sends its next batch now rather than a burst of the
                // missed ones; the slots it skipped show how far the offered load was not delivered.
                long skipped = (now - due) / intervalNanos;
                if (due >= measureFrom && skipped > 0) {
                    missed.add(Math.min(skipped, Math.max(0, (end - due) / intervalNanos)));
                }
                due = now;
            }
        }
    }

    private void heartbeatLoop(AgentChannel channel, SimulatedDevice d, long firstDue, long intervalNanos, long measureFrom, long end,
                               Semaphore inFlight) throws InterruptedException {
        for (long due = firstDue; due < end; due = Math.max(due + intervalNanos, System.nanoTime())) {
            sleepUntil(due);
            inFlight.acquire();
            if (System.nanoTime() >= end) {
                inFlight.release();
                return;
            }
            AgentChannel.Answer a;
            try {
                a = channel.post(AgentProtocol.HEARTBEAT_PATH, d.nextHeartbeat(), d.identity.deviceId(), d.identity.key());
            } finally {
                inFlight.release();
            }
            if (System.nanoTime() < measureFrom) {
                continue;
            }
            if (a.ok()) {
                heartbeats.increment();
            } else {
                // Not resent: the next heartbeat says the same.
                String status = "heartbeat-" + (a.status() < 0 ? "io" : Integer.toString(a.status()));
                errors.computeIfAbsent(status, k -> new LongAdder()).increment();
                if (explained.add(status)) {
                    log.println("first " + status + " answer: " + MiniJson.abbreviate(a.body()));
                }
            }
        }
    }

    private void count(AgentChannel.Answer a) {
        acknowledged.increment();
        latencies.add(a.nanos());
        Matcher m = ACCEPTED.matcher(a.body());
        if (m.find()) {
            samples.add(Long.parseLong(m.group(1)));
        }
        if (REJECTED_ANY.matcher(a.body()).find()) {
            errors.computeIfAbsent("rejected-items", k -> new LongAdder()).increment();
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
