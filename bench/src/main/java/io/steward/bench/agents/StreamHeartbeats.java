package io.steward.bench.agents;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.steward.protocol.AgentProtocol;

/**
 * {@code --heartbeats} in the stream mode: each device also sends its v1 heartbeat (a signed POST) at the interval the
 * server gave it at enrollment, as the real agent keeps doing beside the stream; the devices' phases spread over that
 * interval, at most {@code concurrency} requests in flight over the v1 client's keep-alive connections. A heartbeat is
 * not resent (the next one says the same); a refused one counts as an error.
 */
final class StreamHeartbeats implements AutoCloseable {
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    StreamHeartbeats(AgentChannel channel, List<SimulatedDevice> devices, int concurrency, StreamStats stats, long startNanos) {
        Semaphore inFlight = new Semaphore(concurrency, true);
        for (int i = 0; i < devices.size(); i++) {
            SimulatedDevice d = devices.get(i);
            long interval = TimeUnit.SECONDS.toNanos(Math.max(1, d.identity.heartbeatSeconds()));
            long first = startNanos + (long) ((double) interval * i / devices.size());
            pool.submit(() -> {
                loop(channel, d, first, interval, inFlight, stats);
                return null;
            });
        }
    }

    private static void loop(AgentChannel channel, SimulatedDevice d, long first, long interval, Semaphore inFlight, StreamStats stats)
            throws InterruptedException {
        long due = first;
        while (true) {
            long now;
            // The run's end is set once the ramp is over: until then, and to stop on time, look again every few seconds.
            while ((now = System.nanoTime()) < due) {
                if (now >= stats.end()) {
                    return;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(due - now, TimeUnit.SECONDS.toNanos(5)));
            }
            inFlight.acquire();
            AgentChannel.Answer a;
            try {
                if (System.nanoTime() >= stats.end()) {
                    return;
                }
                a = channel.post(AgentProtocol.HEARTBEAT_PATH, d.nextHeartbeat(), d.identity.deviceId(), d.identity.key());
            } finally {
                inFlight.release();
            }
            if (a.ok()) {
                stats.heartbeatsAcked.increment();
            } else {
                stats.error("heartbeat-" + (a.status() < 0 ? "io" : Integer.toString(a.status())), MiniJson.abbreviate(a.body()));
            }
            due = Math.max(due + interval, System.nanoTime());
        }
    }

    @Override
    public void close() {
        // Every loop ends at the run's end (or sooner when stopped): waits for the last heartbeats in flight.
        pool.close();
    }
}
