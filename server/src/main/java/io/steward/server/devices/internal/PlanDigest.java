package io.steward.server.devices.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.steward.protocol.Messages;

/**
 * Decides whether an agent on the stream must fetch its plan again: the digest of what a v1 heartbeat answers besides the
 * time (status, intervals, monitoring, patch and security plans). Equal answers give equal digests on every node and
 * after restarts (records print their components, lists their elements, in order); a change gives another digest (the
 * first 64 bits of SHA-256, so a missed change is a 2^-64 chance, not a bias of the plan's shape).
 */
public final class PlanDigest {
    private PlanDigest() {
    }

    public static long of(Messages.HeartbeatResponse answer) {
        Messages.HeartbeatResponse timeless = new Messages.HeartbeatResponse(answer.status(), answer.heartbeatSeconds(), 0, answer.monitoring(),
                answer.patches(), answer.security());
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(timeless.toString().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
