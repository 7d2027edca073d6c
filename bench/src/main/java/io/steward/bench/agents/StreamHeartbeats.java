package io.steward.bench.agents;

import java.net.URI;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * {@code --heartbeats} in the stream mode: each device sends its heartbeat every 30 s (the interval the server gave at
 * enrollment) from the moment the ramp starts it, as the real agent does from its start: on its stream while that is
 * open ({@code Alive}, answered with the plan's digest), and as a v1 request (a signed POST) when it is not (the first
 * one, sent as the device starts connecting) or when the digest is one the device has not fetched the plan of
 * ({@link StreamConnection#alive}). {@code --heartbeats-over-v1} sends them all over v1, as agents before stream
 * heartbeats did. One thread takes each device's next heartbeat when it is due (a queue ordered by time: the devices
 * start over the ramp, so their phases follow it); v1 heartbeats go to {@link HeartbeatLines}, {@code lines} keep-alive
 * connections (a thread or a timer per device would cost the shared cores a wake-up per device and period for nothing).
 * A heartbeat is not resent (the next one says the same); a refused one counts as an error, and so does one that found
 * every line a whole backlog behind ("heartbeat-late").
 */
final class StreamHeartbeats implements AutoCloseable {
    /** How the fleet heartbeats. */
    enum Mode { NONE, STREAM, V1 }

    /** A device's next heartbeat. */
    private record Due(StreamConnection connection, long at) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(at, ((Due) other).at);
        }
    }

    private final HeartbeatLines lines;
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final Thread walker;

    StreamHeartbeats(AgentChannel channel, URI server, String fingerprint, boolean insecure, List<StreamConnection> connections, Mode mode,
                     StreamFleet fleet, int lineCount, StreamStats stats) {
        lines = new HeartbeatLines(server, channel.basePath(), AgentChannel.sslContext(server, fingerprint, insecure), channel, stats, lineCount,
                Math.max(1_000, connections.size() / 10));
        fleet.onPlanChange(lines::offer);
        fleet.onStart(c -> due.add(new Due(c, System.nanoTime())));
        // One interval for the fleet: the server gives every device the same one.
        long interval = TimeUnit.SECONDS.toNanos(Math.max(1, connections.getFirst().device.device.identity.heartbeatSeconds()));
        walker = Thread.ofPlatform().name("stream-heartbeats").daemon().start(() -> {
            while (true) {
                Due d;
                try {
                    // At most 100 ms at a time, so that the end, set when the ramp is over, is seen soon.
                    d = due.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (d == null) {
                    if (System.nanoTime() >= stats.end()) {
                        return;
                    }
                    continue;
                }
                if (d.at() >= stats.end()) {
                    return;
                }
                if (mode == Mode.V1 || !d.connection().alive()) {
                    lines.offer(d.connection().device.device);
                }
                due.add(new Due(d.connection(), d.at() + interval));
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        // The walker stops at the run's end (it looks every 100 ms); the lines finish the heartbeat each has in hand.
        walker.join();
        lines.close();
    }
}
