package io.steward.protocol.task;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A standard (pre-approved) change as two people sign it and the signer keeps it: one script version by hash,
 * how it runs, the only values each parameter may take, the client it is limited to (or all clients) and its
 * expiry. Within it the signer signs runs without a fresh approval; outside it, never.
 *
 * @param allowed       per parameter, the values it may take; a parameter not listed may not be passed at all
 * @param scopeClientId the one client it may run on, or null for every client
 */
public record StandardChangeSpec(UUID id, UUID requestedBy, String scriptName, String scriptSha256, String interpreter, String runAs,
                                 int maxTimeoutSeconds, int outputLimitBytes, List<Allowed> allowed, UUID scopeClientId,
                                 Instant notAfter) implements SignedStatement {
    public static final String KIND = "steward-standard-change-v1";

    /** The values one parameter may take under the standard change. */
    public record Allowed(String name, Parameter.Delivery delivery, List<String> values) {
        public Allowed {
            if (delivery == Parameter.Delivery.SECRET) {
                throw new IllegalArgumentException("a standard change cannot allow secret values: nobody could see what they approve");
            }
            values = List.copyOf(values);
            new Parameter(name, delivery, ""); // validates the name
        }
    }

    public StandardChangeSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(scriptName, "scriptName");
        Objects.requireNonNull(interpreter, "interpreter");
        Objects.requireNonNull(notAfter, "notAfter");
        runAs = runAs == null ? "" : runAs;
        if (scriptSha256 == null || !scriptSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("scriptSha256 is 64 lower-case hex digits");
        }
        allowed = List.copyOf(allowed);
    }

    @Override
    public byte[] canonical() {
        return CanonicalText.begin(KIND)
                .add("id", id.toString())
                .add("requestedBy", requestedBy.toString())
                .add("scriptName", scriptName)
                .add("script", scriptSha256)
                .add("interpreter", interpreter)
                .add("runAs", runAs)
                .add("maxTimeout", maxTimeoutSeconds)
                .add("outputLimit", outputLimitBytes)
                .addAll("allowed", allowed.stream()
                        .map(a -> CanonicalText.encode(a.name()) + ":" + a.delivery().name() + ":"
                                + String.join(",", a.values().stream().map(CanonicalText::encode).toList()))
                        .toList())
                .add("scope", scopeClientId == null ? "" : scopeClientId.toString())
                .add("notAfter", notAfter.getEpochSecond())
                .bytes();
    }
}
