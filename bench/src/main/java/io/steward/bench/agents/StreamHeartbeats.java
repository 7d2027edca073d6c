package io.steward.bench.agents;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code --heartbeats} in the stream mode: each device also sends its heartbeat every 30 s (the interval the server gave
 * at enrollment), as the real agent does; the devices' phases spread over that interval. As the agent: on its stream
 * while that is open ({@code Alive}, answered with the plan's digest), and as a v1 request (a signed POST) when it is not
 * or when the digest is one the device has not fetched the plan of ({@link StreamConnection#alive}); {@code --heartbeats-over-v1}
 * sends them all over v1, as agents before stream heartbeats did. One thread walks the devices in phase order, as the
 * batch scheduler does; v1 heartbeats go to {@link HeartbeatLines}, {@code lines} keep-alive connections (a thread or a
 * timer per device would cost the shared cores a wake-up per device and period for nothing). A heartbeat is not resent
 * (the next one says the same); a refused one counts as an error, and so does one that found every line a whole backlog
 * behind ("heartbeat-late").
 */
final class StreamHeartbeats implements AutoCloseable {
    /** How the fleet heartbeats. */
    enum Mode { NONE, STREAM, V1 }

    private final HeartbeatLines lines;
    private final Thread walker;

    StreamHeartbeats(AgentChannel channel, URI server, String fingerprint, boolean insecure, List<StreamConnection> connections, Mode mode,
                     StreamFleet fleet, int lineCount, StreamStats stats, long startNanos) {
        List<SimulatedDevice> devices = connections.stream().map(c -> c.device.device).toList();
        lines = new HeartbeatLines(server, channel.basePath(), AgentChannel.sslContext(server, fingerprint, insecure), channel, stats, lineCount,
                Math.max(1_000, devices.size() / 10));
        fleet.onPlanChange(lines::offer);
        // One interval for the fleet: the server gives every device the same one.
        long interval = TimeUnit.SECONDS.toNanos(Math.max(1, devices.getFirst().identity.heartbeatSeconds()));
        walker = Thread.ofPlatform().name("stream-heartbeats").daemon().start(() -> {
            int i = 0;
            long periodStart = startNanos;
            while (true) {
                long due = periodStart + (long) ((double) interval * i / devices.size());
                if (due >= stats.end()) {
                    return;
                }
                long now = System.nanoTime();
                if (due - now > 1_000_000) {
                    // At most 100 ms at a time, so that the end, set when the ramp is over, is seen soon.
                    LockSupport.parkNanos(Math.min(due - now, 100_000_000L));
                    continue;
                }
                if (mode == Mode.V1 || !connections.get(i).alive()) {
                    lines.offer(devices.get(i));
                }
                if (++i == devices.size()) {
                    i = 0;
                    periodStart += interval;
                }
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
