package io.steward.protocol.release;

import io.steward.protocol.AgentProtocol;

/**
 * The agent's own update channel (protocol v1, signed like every agent request): the agent says which version it
 * runs, the server answers which release it should run, if any. The heartbeat is left alone; the agent asks at its
 * heartbeat cadence.
 */
public final class UpdateMessages {
    /** POST, body {@link Check}, answered {@link Offer} (200) or nothing to do (204). */
    public static final String CHECK_PATH = AgentProtocol.PATH_PREFIX + "/update";

    private UpdateMessages() {
    }

    /**
     * @param seq        the agent's next sequence number, as every signed request carries
     * @param version    the version this agent runs
     * @param rolledBack versions this agent installed and rolled back (they did not check in on trial); the server stops a
     *                   rollout whose ring rolled back too often. Absent (null) from agents before it was added
     */
    public record Check(long seq, String version, java.util.List<String> rolledBack) {
        /** At most this many versions are sent (the newest); a device rolling back more has bigger problems. */
        public static final int MAX_ROLLED_BACK = 20;
    }

    /**
     * @param version      the version to run
     * @param manifest     the signed manifest's text ({@link ReleaseManifest#verify})
     * @param downloadPath where the jar is, on the same server (a plain GET; what is downloaded is checked against the manifest)
     */
    public record Offer(String version, String manifest, String downloadPath) {
    }
}
