package io.steward.server.telemetry;

/** The batch cannot be taken or was not stored in time; the agent should send it again after {@code retryAfterSeconds} (503). */
public class IngestBusy extends RuntimeException {
    private final int retryAfterSeconds;

    public IngestBusy(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
