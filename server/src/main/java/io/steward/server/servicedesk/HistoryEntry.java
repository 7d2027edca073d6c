package io.steward.server.servicedesk;

import java.time.Instant;

/**
 * One line of a ticket's history: a field change, a status change, a public reply or an internal
 * note. Client users never see internal notes.
 */
public record HistoryEntry(long id, Instant at, String actor, boolean staff, Kind kind, String field, String oldValue, String newValue,
                           String body) {

    /** What happened. */
    public enum Kind { CREATED, FIELD_CHANGED, STATUS_CHANGED, ASSIGNED, ESCALATED, PUBLIC_REPLY, INTERNAL_NOTE }
}
