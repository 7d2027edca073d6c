package io.steward.server.compliance;

import java.time.Instant;
import java.util.Objects;

/**
 * One fact that evidences controls of a client: what was found, when, and until when it counts. The catalogue maps a
 * {@link #fact()} id to the controls it evidences; Steward's modules report facts through {@link EvidenceSource}.
 *
 * @param fact       the fact's id, {@code module.name} (for example {@code backup.rpo-met}, {@code security.firewall});
 *                   the ids Steward knows are listed in {@link Facts}
 * @param passed     whether the fact holds (a failing fact makes its controls failing, never "not evaluated")
 * @param observedAt when it was established
 * @param expiresAt  after this it is stale and counts for nothing
 * @param summary    one line for people ("9 of 9 devices with a restore point younger than 24 h")
 * @param detail     what it rests on, for the audit pack (devices, figures, ids); may be empty
 */
public record Evidence(String fact, boolean passed, Instant observedAt, Instant expiresAt, String summary, String detail) {
    public Evidence {
        Objects.requireNonNull(fact, "fact");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(summary, "summary");
        detail = detail == null ? "" : detail;
        if (!expiresAt.isAfter(observedAt)) {
            throw new IllegalArgumentException("evidence must expire after it was observed");
        }
    }

    /** Fresh at this instant: observed by then and not yet expired. */
    public boolean freshAt(Instant now) {
        return !observedAt.isAfter(now) && now.isBefore(expiresAt);
    }
}
