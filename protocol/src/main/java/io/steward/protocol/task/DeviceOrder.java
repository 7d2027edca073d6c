package io.steward.protocol.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the signer signs for one device of an approved task, and all an agent needs to decide whether to run it:
 * the device and client it is for, the script's hash, interpreter, user, limits, the exact arguments and
 * environment, the hashes of the secret values delivered beside it, a nonce the agent never accepts twice and the
 * window in which it may start. The agent verifies the signature with the signer key it pinned, then every field
 * against itself and its local policy, and refuses with a reason otherwise.
 *
 * @param taskDigest       hex SHA-256 of the {@link TaskSpec} people approved, so a run can be traced to its approval
 * @param arguments        the argument values in order, after the script file
 * @param environment      {@code NAME=value} entries sorted by name
 * @param secretHashes     {@code NAME=hash} entries sorted by name; the values arrive beside the order and must match
 *                         {@link TaskSpec#secretHash}
 * @param nonce            32 hex digits, fresh for every order
 * @param standardChangeId the standard change it was signed under, or null when two people approved it
 */
public record DeviceOrder(UUID taskId, UUID deviceId, UUID clientId, String taskDigest, String scriptSha256, String interpreter,
                          String runAs, int timeoutSeconds, int outputLimitBytes, List<String> arguments, List<String> environment,
                          List<String> secretHashes, String nonce, Instant notBefore, Instant notAfter, UUID standardChangeId) {
    public static final String KIND = "steward-device-order-v1";

    public DeviceOrder {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(taskDigest, "taskDigest");
        Objects.requireNonNull(scriptSha256, "scriptSha256");
        Objects.requireNonNull(interpreter, "interpreter");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        runAs = runAs == null ? "" : runAs;
        arguments = List.copyOf(arguments);
        environment = List.copyOf(environment);
        secretHashes = List.copyOf(secretHashes);
    }

    public byte[] canonical() {
        return CanonicalText.begin(KIND)
                .add("task", taskId.toString())
                .add("device", deviceId.toString())
                .add("client", clientId.toString())
                .add("taskDigest", taskDigest)
                .add("script", scriptSha256)
                .add("interpreter", interpreter)
                .add("runAs", runAs)
                .add("timeout", timeoutSeconds)
                .add("outputLimit", outputLimitBytes)
                .addAll("arg", arguments)
                .addAll("env", environment)
                .addAll("secret", secretHashes)
                .add("nonce", nonce)
                .add("notBefore", notBefore.getEpochSecond())
                .add("notAfter", notAfter.getEpochSecond())
                .add("standardChange", standardChangeId == null ? "" : standardChangeId.toString())
                .bytes();
    }

    /** Reads an order back from its signed bytes; IllegalArgumentException for anything not exactly canonical. */
    public static DeviceOrder parse(byte[] bytes) {
        CanonicalText.Reader r = CanonicalText.read(bytes, KIND);
        try {
            UUID task = UUID.fromString(r.next("task"));
            UUID device = UUID.fromString(r.next("device"));
            UUID client = UUID.fromString(r.next("client"));
            String digest = r.next("taskDigest");
            String script = r.next("script");
            String interpreter = r.next("interpreter");
            String runAs = r.next("runAs");
            long timeout = r.nextLong("timeout");
            long limit = r.nextLong("outputLimit");
            List<String> args = new ArrayList<>(r.nextAll("arg"));
            List<String> env = new ArrayList<>(r.nextAll("env"));
            List<String> secrets = new ArrayList<>(r.nextAll("secret"));
            String nonce = r.next("nonce");
            Instant notBefore = Instant.ofEpochSecond(r.nextLong("notBefore"));
            Instant notAfter = Instant.ofEpochSecond(r.nextLong("notAfter"));
            String standard = r.next("standardChange");
            r.end();
            if (timeout < 1 || timeout > Integer.MAX_VALUE || limit < 0 || limit > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeout or output limit out of range");
            }
            DeviceOrder order = new DeviceOrder(task, device, client, digest, script, interpreter, runAs, (int) timeout, (int) limit, args, env,
                    secrets, nonce, notBefore, notAfter, standard.isEmpty() ? null : UUID.fromString(standard));
            if (!java.util.Arrays.equals(order.canonical(), bytes)) {
                throw new IllegalArgumentException("not the canonical form of an order");
            }
            return order;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a device order: " + e.getMessage(), e);
        }
    }
}
