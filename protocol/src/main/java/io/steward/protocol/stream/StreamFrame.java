package io.steward.protocol.stream;

import java.util.List;
import java.util.Map;

/** The frames of protocol v2 ({@link StreamProtocol}); {@link StreamCodec} writes and reads them as CBOR. */
public sealed interface StreamFrame {

    /** Server, first frame: sign this. */
    record Challenge(byte[] nonce) implements StreamFrame {
    }

    /** Agent, answer to the challenge: the device, its Ed25519 signature (base64) over {@link StreamProtocol#helloText}. */
    record Hello(String deviceId, String signature, String agentVersion) implements StreamFrame {
    }

    /** Server: the hello is accepted; batches may follow. */
    record Welcome(long serverTime) implements StreamFrame {
    }

    /** One series of the connection: numbered by the agent, named once. */
    record SeriesDef(int id, String metric, String instance, String unit) {
    }

    /** Agent: series that later batches refer to by {@link SeriesDef#id}; valid until the connection closes. */
    record Declare(List<SeriesDef> series) implements StreamFrame {
    }

    /**
     * Agent: samples, column by column: sample {@code i} is of series {@code series[i]}, has {@code values[i]} and was
     * taken at {@code baseAt + offsets[i]} (epoch milliseconds). The three arrays have the same length.
     */
    record Batch(long seq, long baseAt, int[] series, double[] values, int[] offsets) implements StreamFrame {
        public int size() {
            return series.length;
        }
    }

    /**
     * Server: the batch is stored (committed); {@code rejected} has the index and reason of each sample refused (do not
     * resend those); {@code alreadyStored} when an earlier delivery stored it.
     */
    record Ack(long seq, int accepted, boolean alreadyStored, Map<Integer, String> rejected) implements StreamFrame {
    }

    /** Server: not stored now; send the batch again after {@code retryAfterSeconds}. */
    record Busy(long seq, int retryAfterSeconds, String reason) implements StreamFrame {
    }

    /** Server: nothing of the batch can be stored, ever; do not resend it. */
    record Refused(long seq, String reason, Map<Integer, String> rejected) implements StreamFrame {
    }

    /**
     * Agent: its heartbeat on the connection (the device is alive), with the count of samples it had to drop since the
     * last one it delivered, as a v1 heartbeat carries it. Answered with {@link Status}.
     */
    record Alive(long dropped) implements StreamFrame {
    }

    /**
     * Server: answer to {@link Alive}: the device's liveness is taken (written within a second); {@code plan} is a digest
     * of what a v1 heartbeat would answer besides the time (status, intervals, monitoring, patch and security plans).
     * When it differs from the digest the agent last acted on, the agent fetches the plan with one v1 heartbeat.
     */
    record Status(long serverTime, long plan) implements StreamFrame {
    }
}
