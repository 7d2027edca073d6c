package io.steward.server.telemetry.internal;

/**
 * How long an agent that found the ingest queue full is told to wait: about as long as what waits now takes to be
 * written at the writer's recent pace, at least a floor, at most {@link #MAX_SECONDS}, and up to half as much again at
 * random. With a fixed short wait, thousands of agents told at the same moment came back together before anything had
 * drained and were refused again: an overloaded server then spent its time refusing resends.
 */
final class BacklogWait {
    /** The longest wait told. */
    static final int MAX_SECONDS = 60;

    private BacklogWait() {
    }

    /**
     * @param waitingSamples samples queued or being written now
     * @param drainPerSecond samples the writer stored per second of writing lately (0 or less: not known yet)
     * @param floorSeconds   the shortest wait told (the configured Retry-After)
     * @param random         a number in [0, 1) that spreads the answers
     */
    static int seconds(long waitingSamples, double drainPerSecond, int floorSeconds, double random) {
        double drain = drainPerSecond <= 0 ? floorSeconds : waitingSamples / drainPerSecond;
        double seconds = Math.max(floorSeconds, drain);
        return (int) Math.min(MAX_SECONDS, Math.ceil(seconds * (1 + 0.5 * random)));
    }
}
