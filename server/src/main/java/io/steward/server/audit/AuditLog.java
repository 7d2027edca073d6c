package io.steward.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;

/** Writes and reads the audit log. */
public interface AuditLog {

    /**
     * Appends an entry on behalf of the current viewer (or "system" outside a request). Must run
     * before the audited change in the same transaction.
     *
     * @param details before/after values or other facts; stored as JSON, shown as inert text
     */
    void record(String action, String targetType, String targetId, ClientId client, Map<String, ?> details);

    /** Appends an entry for an actor who is not (yet) authenticated, such as a failed sign-in. */
    void recordAnonymous(String actorLabel, String action, Map<String, ?> details);

    /** Entries newest first, filtered; callers must be MSP admins. */
    Page<AuditEntry> search(AuditQuery query, PageQuery page);

    /** Every entry matching the query in chain order, for export. */
    List<AuditEntry> export(AuditQuery query);

    /** Recomputes the hash chain from the first entry. */
    ChainVerification verify();

    /** Filters for {@link #search}; null fields do not filter. */
    record AuditQuery(String text, String action, Instant from, Instant to) {
        public static AuditQuery everything() {
            return new AuditQuery(null, null, null, null);
        }
    }

    /**
     * The outcome of a chain check.
     *
     * @param brokenAt the first sequence number whose hash does not match, or null when intact
     */
    record ChainVerification(boolean intact, long entries, Long brokenAt, String message) {
    }
}
