package io.steward.protocol.task;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A whole task as its requester and its approver sign it: which script version (by the SHA-256 of its body) runs
 * how, with which parameter values, on which devices of which client, when, how fast it rolls out and until when
 * it is valid. The {@link #digest()} of this statement is the WebAuthn challenge of both people's passkey
 * assertions, so any change to any field voids them.
 *
 * @param deviceIds        the resolved target devices, sorted, no duplicates
 * @param schedule         {@code now}, {@code at} (start at {@code notBefore}) or {@code window} (in each device's
 *                         maintenance window before {@code notAfter})
 * @param notAfter         the task's expiry: nothing starts after it
 * @param standardChangeId the standard change it runs under, or null for a task with its own two approvals
 */
public record TaskSpec(UUID taskId, UUID clientId, UUID requestedBy, String scriptName, String scriptSha256, String interpreter,
                       String runAs, int timeoutSeconds, int outputLimitBytes, List<Parameter> parameters, List<UUID> deviceIds,
                       String schedule, Instant notBefore, Instant notAfter, int maxConcurrent, int stopAfterFailures,
                       UUID standardChangeId) implements SignedStatement {
    public static final String KIND = "steward-task-v1";

    public TaskSpec {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(scriptName, "scriptName");
        Objects.requireNonNull(interpreter, "interpreter");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(schedule, "schedule");
        runAs = runAs == null ? "" : runAs;
        if (scriptSha256 == null || !scriptSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("scriptSha256 is 64 lower-case hex digits");
        }
        parameters = List.copyOf(parameters);
        deviceIds = List.copyOf(deviceIds);
        if (!deviceIds.equals(deviceIds.stream().distinct().sorted().toList())) {
            throw new IllegalArgumentException("deviceIds must be sorted and distinct");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
    }

    /** The statement's bytes; equal specs give equal bytes, and different specs different bytes. */
    @Override
    public byte[] canonical() {
        CanonicalText.Writer w = CanonicalText.begin(KIND)
                .add("task", taskId.toString())
                .add("client", clientId.toString())
                .add("requestedBy", requestedBy.toString())
                .add("scriptName", scriptName)
                .add("script", scriptSha256)
                .add("interpreter", interpreter)
                .add("runAs", runAs)
                .add("timeout", timeoutSeconds)
                .add("outputLimit", outputLimitBytes)
                .addAll("param", parameters.stream().map(Parameter::canonical).toList())
                .addAll("device", deviceIds.stream().map(UUID::toString).toList())
                .add("schedule", schedule)
                .add("notBefore", notBefore.getEpochSecond())
                .add("notAfter", notAfter.getEpochSecond())
                .add("maxConcurrent", maxConcurrent)
                .add("stopAfterFailures", stopAfterFailures)
                .add("standardChange", standardChangeId == null ? "" : standardChangeId.toString());
        return w.bytes();
    }



    /**
     * What a secret parameter's value is signed as: SHA-256 (hex) of task id, name and value. Salted with the task,
     * so equal secrets of two tasks do not look equal; a weak secret can still be guessed from its hash, so
     * secrets should be strong.
     */
    public static String secretHash(UUID taskId, String name, String value) {
        return CanonicalText.sha256Hex((taskId + "\n" + name + "\n" + value).getBytes(StandardCharsets.UTF_8));
    }
}
