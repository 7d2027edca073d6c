package io.steward.bench.agents;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.steward.bench.ServerCpu;
import io.steward.bench.servicedesk.Latencies;

/**
 * {@code agents --channel stream}: protocol v2 for metrics. Enrolls the devices over v1 (as {@code agents} does), then
 * opens one WebSocket per device, gradually over the ramp (at most {@code connectConcurrency} handshakes at a time), and
 * from then on one scheduler thread sends each device's batches at its phase of the batch period ({@link StreamLoad}),
 * open loop: a batch due while its device is not connected or has its window full is not made, and is counted as missed.
 * The measured window starts {@code warmup} after the ramp and the sending stops {@code duration} after the ramp; then
 * the simulator waits up to {@code drain} for the last answers and closes every connection normally.
 *
 * <p>CPU: the simulator's own (from /proc/self/stat) and, if told the server's process id and home, the server JVM's and
 * its PostgreSQL's, all over the measured window, so that each can be divided by the samples acknowledged in it.
 */
public final class StreamSimulator {

    /** What to run; see the {@code agents} command's options. */
    public record Settings(URI server, String enrollmentToken, String fingerprint, boolean insecure, StreamLoad load,
                           StreamDevice.Values values, double breach, double durationSeconds, double warmupSeconds, double rampSeconds,
                           int connectConcurrency, int enrollConcurrency, StreamHeartbeats.Mode heartbeats, int heartbeatConcurrency, int ioThreads,
                           double drainSeconds, long serverPid, Path serverHome) {
        public Settings {
            if (durationSeconds <= 0 || warmupSeconds < 0 || warmupSeconds >= durationSeconds || rampSeconds < 0 || breach < 0 || breach > 1
                    || connectConcurrency < 1 || enrollConcurrency < 1 || heartbeatConcurrency < 1 || ioThreads < 0 || drainSeconds < 0) {
                throw new IllegalArgumentException("0 ≤ warm-up < duration, ramp ≥ 0, 0 ≤ breach ≤ 1, concurrencies ≥ 1, threads ≥ 0, drain ≥ 0");
            }
        }
    }

    /**
     * What a run did. Samples, batches acknowledged and latencies over the measured window; errors, busy, refused,
     * connection failures over the whole run. CPU seconds over the window (NaN for the server's when not known).
     * {@code drainSeconds}: from the end of sending until the last answer came (or the drain's limit).
     * {@code samplesAckedAll}: samples acknowledged over the whole run (ramp, window and drain), all the server stored.
     */
    public record Result(int enrolled, double enrollSeconds, long connected, double rampSeconds, double measuredSeconds,
                         long batchesSent, long batchesAcked, long samplesAcked, long alreadyStored, long busy, long refused, long resent,
                         long rejectedSamples, long missedNotConnected, long missedWindowFull, long unansweredAtEnd, long heartbeatsAcked,
                         long streamHeartbeats, long planFetches,
                         Map<String, Long> errors, Map<String, Long> connectionFailures, Latencies ackLatency, Latencies welcomeLatency,
                         Latencies scheduleLag, long breachingValues, double simulatorCpu, double serverCpu, double postgresCpu,
                         long simulatorPeakRssKib, long samplesAckedAll, double drainSeconds, long heartbeatConnections) {
        public double samplesPerSecond() {
            return samplesAcked / measuredSeconds;
        }

        /**
         * The Zabbix harness's criterion for an open-loop rate: at least 97 % of the offered samples acknowledged in the
         * window, nothing busy, refused or failed, everything answered within 2 s after sending stopped; empty when met.
         */
        public List<String> unsustained(double offeredPerSecond) {
            List<String> why = new ArrayList<>();
            if (samplesPerSecond() < 0.97 * offeredPerSecond) {
                why.add(String.format(java.util.Locale.ROOT, "%.0f %% acknowledged", 100 * samplesPerSecond() / offeredPerSecond));
            }
            if (errorCount() > 0) {
                why.add(errorCount() + " errors");
            }
            if (missedNotConnected + missedWindowFull > 0) {
                why.add((missedNotConnected + missedWindowFull) + " samples not offered");
            }
            if (drainSeconds > 2) {
                why.add(String.format(java.util.Locale.ROOT, "last answer %.1f s after sending stopped", drainSeconds));
            }
            return why;
        }

        /** Everything that went wrong: error answers and failures, Busy and Refused batches, failed connections, batches never answered. */
        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum()
                    + connectionFailures.values().stream().mapToLong(Long::longValue).sum() + unansweredAtEnd;
        }
    }

    private final Settings settings;
    private final PrintStream log;
    private final StreamStats stats;

    public StreamSimulator(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
        this.stats = new StreamStats(log);
    }

    public Result run() throws InterruptedException {
        StreamLoad load = settings.load();
        try (AgentChannel channel = new AgentChannel(settings.server(), settings.fingerprint(), settings.insecure())) {
            long enrollStart = System.nanoTime();
            String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
            List<AgentChannel.Enrolled> enrolled = Enrollment.enroll(channel, settings.enrollmentToken(), load.agents(),
                    settings.enrollConcurrency(), run);
            double enrollSeconds = (System.nanoTime() - enrollStart) / 1e9;
            log.printf("enrolled %d devices in %.1f s%n", enrolled.size(), enrollSeconds);
            List<StreamDevice> devices = devices(enrolled, run);
            try (StreamFleet fleet = new StreamFleet(channel, settings.server(), settings.fingerprint(), settings.insecure(), settings.ioThreads(),
                    StreamDevice.declarations(settings.values(), load.metrics()), stats)) {
                List<StreamConnection> connections = new ArrayList<>(devices.size());
                for (StreamDevice d : devices) {
                    connections.add(new StreamConnection(d, fleet, load.window()));
                }
                return stream(fleet, channel, connections, enrolled.size(), enrollSeconds);
            }
        }
    }

    private List<StreamDevice> devices(List<AgentChannel.Enrolled> enrolled, String run) {
        StreamLoad load = settings.load();
        boolean agent = settings.values() == StreamDevice.Values.AGENT;
        List<MetricProfile.Series> profile = agent ? MetricProfile.of(load.metrics()) : List.of();
        int alertable = (int) profile.stream().filter(MetricProfile.Series::alertable).count();
        // Breaches of the agent profile last 3 rounds, as in the v1 mode; the uniform values breach one value at a time.
        Breaches breaches = agent ? Breaches.forShare(settings.breach(), profile.size(), alertable, 3) : Breaches.none();
        int[] series = load.seriesColumn();
        int[] offsets = load.offsetsColumn();
        List<StreamDevice> devices = new ArrayList<>(enrolled.size());
        for (int i = 0; i < enrolled.size(); i++) {
            long seed = i * 7919L + run.hashCode();
            devices.add(new StreamDevice(new SimulatedDevice(enrolled.get(i), profile, breaches, seed), load, settings.values(),
                    settings.breach(), series, offsets, seed ^ 0x5DEECE66DL));
        }
        return devices;
    }

    private Result stream(StreamFleet fleet, AgentChannel channel, List<StreamConnection> connections, int enrolled, double enrollSeconds)
            throws InterruptedException {
        StreamLoad load = settings.load();
        long start = System.nanoTime();
        Thread scheduler = Thread.ofPlatform().name("stream-scheduler").start(() -> schedule(connections, start));
        StreamHeartbeats heartbeats = settings.heartbeats() != StreamHeartbeats.Mode.NONE
                ? new StreamHeartbeats(channel, settings.server(), settings.fingerprint(), settings.insecure(), connections, settings.heartbeats(),
                        fleet, settings.heartbeatConcurrency(), stats)
                : null;
        try {
            double rampSeconds = ramp(connections, start);
            long rampDone = System.nanoTime();
            long connected = stats.connectionsOpened.sum();
            log.printf("ramp: %d of %d connections open after %.1f s (planned %.1f s)%n", connected, connections.size(), rampSeconds,
                    settings.rampSeconds());
            long measureFrom = rampDone + (long) (settings.warmupSeconds() * 1e9);
            long end = rampDone + (long) (settings.durationSeconds() * 1e9);
            stats.window(measureFrom, end);
            sleepUntil(measureFrom);
            double[] cpu0 = cpu();
            sleepUntil(end);
            double[] cpu1 = cpu();
            scheduler.join();
            long unanswered = drain(connections, end + (long) (settings.drainSeconds() * 1e9));
            double drainSeconds = (System.nanoTime() - end) / 1e9;
            fleet.stop();
            closeAll(connections);
            long breaching = connections.stream().mapToLong(c -> c.device.breachingValues()).sum();
            return new Result(enrolled, enrollSeconds, connected, rampSeconds, (end - measureFrom) / 1e9, stats.batchesSent.sum(),
                    stats.batchesAcked.sum(), stats.samplesAcked.sum(), stats.alreadyStored.sum(), stats.busy.sum(), stats.refused.sum(),
                    stats.resent.sum(), stats.rejectedSamples.sum(), stats.missedNotConnected.sum(), stats.missedWindowFull.sum(), unanswered,
                    stats.heartbeatsAcked.sum(), stats.streamHeartbeats.sum(), stats.planFetches.sum(), stats.errors(), stats.connectionFailures(), stats.ackLatency.summary(),
                    stats.welcomeLatency.summary(), stats.scheduleLag.summary(), breaching, cpu1[0] - cpu0[0], cpu1[1] - cpu0[1],
                    cpu1[2] - cpu0[2], peakRssKib(), stats.samplesAckedAll.sum(), drainSeconds, stats.heartbeatConnections.sum());
        } finally {
            stats.endNow();
            fleet.stop();
            scheduler.join();
            if (heartbeats != null) {
                heartbeats.close();
            }
        }
    }

    /**
     * Opens the connections evenly over the ramp, a bounded number of handshakes at a time; the seconds it took. A server
     * that stops accepting connections makes each handshake wait for its timeout, so the ramp waits for a free handshake
     * only until a minute after its planned end, then opens the rest at once (they fail or not, and are counted either
     * way) so that the run still ends.
     */
    private double ramp(List<StreamConnection> connections, long start) throws InterruptedException {
        Semaphore handshakes = new Semaphore(settings.connectConcurrency());
        long rampNanos = (long) (settings.rampSeconds() * 1e9);
        long patience = start + rampNanos + TimeUnit.SECONDS.toNanos(60);
        List<CompletableFuture<Boolean>> opened = new ArrayList<>(connections.size());
        boolean late = false;
        for (int i = 0; i < connections.size(); i++) {
            sleepUntil(start + (long) ((double) rampNanos * i / connections.size()));
            boolean permit = handshakes.tryAcquire(Math.max(0, patience - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!permit && !late) {
                late = true;
                log.printf("ramp: handshakes still waiting a minute after the planned ramp; the other %d connections open now%n",
                        connections.size() - i);
            }
            CompletableFuture<Boolean> open = connections.get(i).open();
            opened.add(permit ? open.whenComplete((ok, e) -> handshakes.release()) : open);
        }
        try {
            CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(StreamConnection.STUCK_SECONDS + 5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.println("ramp: not every connection answered in time: " + e);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The one sending thread: walks the devices in phase order, period after period, until the run's end. Sending a due
     * batch costs a few microseconds, so one thread keeps up with thousands of batches a second; if it ever lags, the
     * lag is reported (schedule lag) rather than hidden.
     */
    private void schedule(List<StreamConnection> connections, long start) {
        StreamLoad load = settings.load();
        double[] scratch = new double[load.samplesPerBatch()];
        long period = load.batchPeriodNanos();
        int samples = load.samplesPerBatch();
        int i = 0;
        long periodStart = start;
        while (true) {
            long due = periodStart + load.phaseNanos(i);
            if (due >= stats.end()) {
                return;
            }
            long now = System.nanoTime();
            if (due - now > 200_000) {
                // Parked at most 100 ms at a time, so that the end, set when the ramp is over, is seen soon.
                LockSupport.parkNanos(Math.min(due - now, 100_000_000L));
                continue;
            }
            StreamConnection.Sent sent = connections.get(i).trySend(now, System.currentTimeMillis(), scratch);
            if (stats.inWindow(now)) {
                switch (sent) {
                    case SENT -> {
                        stats.batchesSent.increment();
                        stats.scheduleLag.add(Math.max(0, now - due));
                    }
                    case NOT_CONNECTED -> stats.missedNotConnected.add(samples);
                    case WINDOW_FULL -> stats.missedWindowFull.add(samples);
                }
            }
            if (++i == connections.size()) {
                i = 0;
                periodStart += period;
            }
        }
    }

    /** Waits until every sent batch is answered or the deadline passes; the batches still unanswered then. */
    private static long drain(List<StreamConnection> connections, long deadline) throws InterruptedException {
        while (true) {
            long unanswered = connections.stream().mapToLong(StreamConnection::unanswered).sum();
            if (unanswered == 0 || System.nanoTime() >= deadline) {
                return unanswered;
            }
            Thread.sleep(50);
        }
    }

    private void closeAll(List<StreamConnection> connections) {
        List<CompletableFuture<?>> closing = new ArrayList<>(connections.size());
        for (StreamConnection c : connections) {
            closing.add(c.close());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.println("closing: not every connection closed in 10 s (" + e + "); the rest are aborted");
        }
        connections.forEach(StreamConnection::abort);
    }

    /** CPU seconds so far: the simulator's, the server JVM's and PostgreSQL's (NaN when the server is not known). */
    private double[] cpu() {
        double self = ServerCpu.cpuSeconds(ProcessHandle.current().pid());
        if (settings.serverPid() <= 0 || settings.serverHome() == null) {
            return new double[] {self, Double.NaN, Double.NaN};
        }
        double[] server = new ServerCpu(settings.serverPid(), settings.serverHome()).seconds();
        return new double[] {self, server[0], server[1] < 0 ? Double.NaN : server[1]};
    }

    /** The simulator's peak resident memory (VmHWM), KiB; 0 if unknown. */
    private static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return 0;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
