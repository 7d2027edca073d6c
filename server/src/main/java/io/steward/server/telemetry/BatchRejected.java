package io.steward.server.telemetry;

import java.util.Map;

/** Not one sample of a non-empty batch can be stored: answered 400, and the agent must not send it again. */
public class BatchRejected extends RuntimeException {
    private final Map<Integer, String> rejected;

    public BatchRejected(Map<Integer, String> rejected) {
        super("None of the " + rejected.size() + " samples can be stored (see errors); do not send this batch again.");
        this.rejected = Map.copyOf(rejected);
    }

    /** Index of each sample and why it was refused. */
    public Map<Integer, String> rejected() {
        return rejected;
    }
}
