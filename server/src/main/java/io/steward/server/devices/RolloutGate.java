package io.steward.server.devices;

/**
 * Decides whether a rollout ring goes on: it stops when more than {@code stopPercent} % of the devices it reached
 * failed. A ring that reached nobody never stops. Integer arithmetic, so 1 of 5 at 20 % goes on and 2 of 5 stops.
 */
public final class RolloutGate {
    private RolloutGate() {
    }

    /**
     * @param reached     devices the ring reached (offered the release, given the install)
     * @param failed      of those, devices where it failed (0 to reached)
     * @param stopPercent the share that stops it (1 to 100)
     */
    public static boolean stops(long reached, long failed, int stopPercent) {
        if (reached < 0 || failed < 0 || failed > reached || stopPercent < 1 || stopPercent > 100) {
            throw new IllegalArgumentException("reached " + reached + ", failed " + failed + ", stop at " + stopPercent + " %");
        }
        return failed * 100 > (long) stopPercent * reached;
    }
}
